/**
 * Recording benchmark: one H.264 RTSP camera (GStreamer fixture) recorded by packet copy.
 *
 *   npx tsx bench/recording/run.ts [--seconds 30] [--width 1280 --height 720 --bitrate 2000] [--segment 10]
 *
 * - CPU: the camera's ffmpeg with the live output only, then with live + record (same stream, same
 *   run), and the engine's Node process (segment lists, hashing, manifest) in both; the recording's
 *   cost is the difference, as % of one core (user+sys from /proc and process.cpuUsage).
 * - Bytes written per byte received: segment files + manifest against what ffmpeg read from the
 *   RTSP socket (/proc/<pid>/io rchar), and against the H.264 payload itself.
 * - Export speed: the whole recording exported to one clip (packet copy), and `verify` of it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { probePackets } from '../../apps/streamer/src/engine/recording/probe.ts';
import { createRecordingService, verifyPath } from '../../apps/streamer/src/engine/recording/index.ts';
import { CLOCK_TICKS, childrenOf, procInfo } from '../../tests/helpers/procs.ts';
import { startRtspServer } from '../../tests/helpers/rtsp-server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '720' },
    bitrate: { type: 'string', default: '2000' },
    segment: { type: 'string', default: '10' },
  },
});
const seconds = Number(values.seconds);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const root = mkdtempSync(join(tmpdir(), 'vigil-bench-rec-'));
const ffmpegPid = () => childrenOf(process.pid).find((child) => child.comm === 'ffmpeg')?.pid;
/** Bytes ffmpeg's RTSP socket has received (TCP interleaved: RTSP framing, RTP headers, H.264). */
const tcpReceived = (port: number) => Number(/bytes_received:(\d+)/.exec(execFileSync('ss', ['-tinH', `( dport = :${port} )`], { encoding: 'utf8' }))?.[1] ?? 0);

/** CPU % of one core over `ms`: the camera's ffmpeg and this Node process. */
async function cpuWindow(ms: number): Promise<{ ffmpeg: number; node: number }> {
  const pid = ffmpegPid()!;
  const before = procInfo(pid)!.cpuTicks;
  const node = process.cpuUsage();
  const started = performance.now();
  await sleep(ms);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(node);
  return {
    ffmpeg: ((procInfo(pid)!.cpuTicks - before) / CLOCK_TICKS / elapsed) * 100,
    node: ((used.user + used.system) / 1e6 / elapsed) * 100,
  };
}

/** Bytes written per second of video, times the windows' length: what the recording windows wrote. */
async function windowWritten(dir: string): Promise<number> {
  let bytes = 0;
  let ms = 0;
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.mp4'))) {
    bytes += statSync(join(dir, name)).size;
    ms += (await probePackets('ffmpeg', join(dir, name))).durationMs;
  }
  return (bytes / ms) * 2 * seconds * 1000;
}

const server = await startRtspServer({ width: Number(values.width), height: Number(values.height), fps: 15, bitrate: Number(values.bitrate), keyint: 15 });
const service = createRecordingService({ storage: { root, minFreeBytes: 0 } });
await service.start();
const cameras = createCameraManager({ recording: service.hook });
await cameras.start();
const camera = { id: 'bench', name: 'Bench', source: { kind: 'rtsp', url: server.url(), transport: 'tcp' } } as const;
const fmt = (n: number) => n.toFixed(2);
try {
  console.log(`machine load average: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (2 cores)`);
  // Alternating windows (off, on, off, on) so drift in the shared machine's load hits both alike.
  const sums = { live: { ffmpeg: 0, node: 0 }, record: { ffmpeg: 0, node: 0 } };
  let received = 0;
  for (let round = 0; round < 2; round++) {
    await cameras.upsert({ ...camera, recording: { mode: 'off' } });
    await sleep(4000);
    const live = await cpuWindow(seconds * 1000);
    console.log(`live only:      ffmpeg ${fmt(live.ffmpeg)} %, engine node ${fmt(live.node)} % of a core`);
    await cameras.upsert({ ...camera, recording: { mode: 'continuous', segmentSeconds: Number(values.segment) } });
    await sleep(4000);
    const before = tcpReceived(server.port);
    const recorded = await cpuWindow(seconds * 1000);
    // Bytes received while recording, scaled to everything recorded in this round below.
    received += tcpReceived(server.port);
    received -= before;
    console.log(`live + record:  ffmpeg ${fmt(recorded.ffmpeg)} %, engine node ${fmt(recorded.node)} % of a core`);
    for (const key of ['ffmpeg', 'node'] as const) {
      sums.live[key] += live[key] / 2;
      sums.record[key] += recorded[key] / 2;
    }
  }
  const ffmpegCost = sums.record.ffmpeg - sums.live.ffmpeg;
  const nodeCost = sums.record.node - sums.live.node;
  console.log(`mean: live ${fmt(sums.live.ffmpeg + sums.live.node)} %, live + record ${fmt(sums.record.ffmpeg + sums.record.node)} %`);
  console.log(`recording costs ${fmt(ffmpegCost + nodeCost)} % of a core (ffmpeg ${fmt(ffmpegCost)}, node ${fmt(nodeCost)}); ${values.segment} s segments, 1 s fragments`);
  await cameras.stop();
  await service.stop();

  const dir = join(root, 'bench');
  const files = readdirSync(dir).filter((name) => name.endsWith('.mp4'));
  const written = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) + statSync(join(dir, 'manifest.jsonl')).size;
  const windowBytes = await windowWritten(dir);
  let payload = 0;
  let durationMs = 0;
  for (const name of files) {
    const packets = await probePackets('ffmpeg', join(dir, name));
    durationMs += packets.durationMs;
    const text = await import('node:child_process').then(({ execFileSync }) => execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', join(dir, name)], { encoding: 'utf8' }));
    payload += text.split('\n').filter(Boolean).reduce((sum, size) => sum + Number(size), 0);
  }
  console.log(`bytes: H.264 payload ${payload}, written ${written} (${files.length} segments + manifest, ${(durationMs / 1000).toFixed(1)} s of video)`);
  console.log(`written / received (RTSP TCP bytes over the recording windows) = ${(windowBytes / received).toFixed(3)}; written / H.264 payload = ${(written / payload).toFixed(3)}`);

  const again = createRecordingService({ storage: { root, minFreeBytes: 0 } });
  await again.start();
  const all = again.list('bench');
  const result = await again.export('bench', all[0]!.start, all.at(-1)!.end);
  const mb = result.bytes / 1e6;
  console.log(`export: ${(durationMs / 1000).toFixed(1)} s of video, ${mb.toFixed(1)} MB in ${result.elapsedMs} ms = ${(mb / (result.elapsedMs / 1000)).toFixed(1)} MB/s, ${(durationMs / result.elapsedMs).toFixed(0)}x real time`);
  const began = performance.now();
  const report = await verifyPath(result.folder, { ffmpegPath: 'ffmpeg' });
  console.log(`verify export: ${report.ok ? 'ok' : 'FAILED'} in ${(performance.now() - began).toFixed(0)} ms (${report.verified} files incl. clip packets)`);
  await again.stop();
} finally {
  await cameras.stop();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
