/**
 * What health monitoring costs: (1) the background integrity pass (the newest segments of every
 * camera hashed again against the chain: real files, the production `checkNewest`), as time per
 * pass and share of one core at the default hourly interval; (2) one tick of the camera-state
 * check and the tracker for many cameras (every second by default).
 * `npx tsx bench/health/run.ts [cameras] [segmentMB]`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertsConfig } from '@vigil/shared/alerts';
import { CameraConfig, type CameraState } from '@vigil/shared/config';
import { checkNewest } from '../../apps/streamer/src/engine/health/integrity.ts';
import { checkCameras } from '../../apps/streamer/src/engine/health/signals.ts';
import { HealthTracker } from '../../apps/streamer/src/engine/health/tracker.ts';

const CAMERAS = Number(process.argv[2] ?? 16);
const SEGMENT_MB = Number(process.argv[3] ?? 8);
const NEWEST = 3;
/** The pass runs hourly by default: it should take under 1 % of one core over the hour. */
const TARGET_SHARE = 0.01;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-health-bench-'));
  try {
    const config = AlertsConfig.parse({});
    const tracker = new HealthTracker({ file: join(dir, 'health.json'), config: () => config, raise: async () => undefined });
    // (1) C cameras × 3 segments of S MB, with their hashes as the chain has them.
    const segments = new Map<string, Array<{ camera: string; file: string; start: number; end: number; bytes: number; sha256: string; events: [] }>>();
    const body = randomBytes(SEGMENT_MB * 1024 * 1024);
    for (let c = 0; c < CAMERAS; c++) {
      const camera = `cam${c}`;
      const list = [];
      for (let i = 0; i < NEWEST; i++) {
        const file = `${camera}_2026010${i}T000000Z_bench.mp4`;
        const data = Buffer.concat([body, Buffer.from(file)]);
        await writeFile(join(dir, file), data);
        list.push({ camera, file, start: i, end: i + 1, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), events: [] as [] });
      }
      segments.set(camera, list);
    }
    const source = {
      usage: () => [...segments.keys()].map((camera) => ({ camera })),
      list: (camera: string) => segments.get(camera) ?? [],
      segmentPath: (_camera: string, file: string) => join(dir, file),
    };
    console.log(`health bench: ${CAMERAS} cameras × ${NEWEST} segments of ${SEGMENT_MB} MB (files just written: in the page cache), load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
    const passes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const checked = await checkNewest(tracker, source, NEWEST, (camera) => camera);
      passes.push(performance.now() - started);
      if (checked !== CAMERAS * NEWEST) throw new Error(`checked ${checked} files, expected ${CAMERAS * NEWEST}`);
    }
    passes.sort((a, b) => a - b);
    const median = passes[2]!;
    const mb = CAMERAS * NEWEST * SEGMENT_MB;
    const share = median / 3_600_000;
    console.log(`integrity pass: median ${median.toFixed(0)} ms (min ${passes[0]!.toFixed(0)}, max ${passes[4]!.toFixed(0)}) for ${mb} MB = ${(mb / (median / 1000)).toFixed(0)} MB/s; hourly: ${(share * 100).toFixed(3)} % of one core (target < ${TARGET_SHARE * 100} %) ${share < TARGET_SHARE ? 'OK' : 'OVER'}`);
    if (tracker.problems().length !== 0) throw new Error('the bench files were reported as changed');

    // (2) The per-second tick's camera check for 64 cameras, half of them offline.
    const configs = Array.from({ length: 64 }, (_, i) => CameraConfig.parse({ id: `c${i}`, name: `Camera ${i}`, source: { kind: 'test-pattern' } }));
    const states: CameraState[] = configs.map((c, i) => ({ id: c.id, state: i % 2 ? 'live' : 'reconnecting', since: Date.now(), restarts: 0 }));
    const ticks = 2_000;
    const started = performance.now();
    for (let i = 0; i < ticks; i++) {
      checkCameras(tracker, configs, states);
      await tracker.tick();
    }
    const perTick = (performance.now() - started) / ticks;
    console.log(`tick (64 cameras, 32 offline, tracker included): ${(perTick * 1000).toFixed(0)} µs = ${(perTick / 10).toFixed(3)} % of one core at one tick a second`);
    await tracker.flush();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
