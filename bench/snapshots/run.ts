/**
 * Snapshot bench, one process: what one event snapshot costs.
 *  - colour: the engine's path (events/colour-snapshot.ts): a whole GOP from the live feed's cache
 *    (the worst case: the newest picture is the GOP's last) → Annex-B → one short-lived ffmpeg →
 *    JPEG ≤ 1280 px wide + RGB for the detector, at 640×360 and 1920×1080;
 *  - gray: the fallback and the old path, the 320×180 motion frame → JPEG (events/jpeg.ts),
 *    measured in the same run as the reference;
 *  - the detector's input fill (512×512) from each picture.
 * CPU time includes ffmpeg's (the children's user + system time from /proc/self/stat).
 *
 *   npx tsx bench/snapshots/run.ts [--runs 10]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { toGray } from '../../apps/streamer/src/engine/detection/decode.ts';
import { fillInput, type Raster } from '../../apps/streamer/src/engine/detection/raster.ts';
import { decodeGop, type ColourPicture } from '../../apps/streamer/src/engine/events/colour-snapshot.ts';
import { grayToJpeg } from '../../apps/streamer/src/engine/events/jpeg.ts';
import { recordGop } from '../../apps/streamer/src/engine/events/gop-fixture.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds of this process and its waited-for children so far. */
function cpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const children = (Number(fields[13]) + Number(fields[14])) * TICK_MS; // cutime, cstime
  const own = process.cpuUsage();
  return children + (own.user + own.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `job` RUNS times after one warm-up; median wall ms and mean CPU ms per run. */
async function measure<T>(job: () => Promise<T>): Promise<{ wall: number; cpu: number; last: T }> {
  let last = await job();
  const walls: number[] = [];
  const cpuBefore = cpuMs();
  for (let k = 0; k < RUNS; k++) {
    const started = performance.now();
    last = await job();
    walls.push(performance.now() - started);
  }
  return { wall: median(walls), cpu: (cpuMs() - cpuBefore) / RUNS, last };
}

function fillMs(raster: Raster): number {
  const out = new Float32Array(512 * 512 * 3);
  fillInput(raster, { x: 0, y: 0, w: 1, h: 1 }, 512, out);
  const started = performance.now();
  for (let k = 0; k < 5; k++) fillInput(raster, { x: 0, y: 0, w: 1, h: 1 }, 512, out);
  return (performance.now() - started) / 5;
}

const f = (n: number) => n.toFixed(0).padStart(6);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadavg()[0]!.toFixed(2)} at start; Node ${process.version}; ${RUNS} runs each`);

const cases = [
  { name: '640×360, GOP 15', width: 640, height: 360, frames: 15, fps: 15 },
  { name: '1920×1080, GOP 25', width: 1920, height: 1080, frames: 25, fps: 25 },
  { name: '1920×1080, GOP 50', width: 1920, height: 1080, frames: 50, fps: 25 },
];
const gops: Buffer[][] = [];
for (const c of cases) gops.push(await recordGop(c));

// The gray reference is the motion frame of the same scene: the 640×360 picture's luma, every other pixel.
const first = await decodeGop(gops[0]!, { timeoutMs: 30_000 });
const luma = toGray({ width: first.width, height: first.height, channels: 3, data: first.rgb });
const gray = { width: 320, height: 180, data: Uint8Array.from({ length: 320 * 180 }, (_, i) => luma.data[(Math.floor(i / 320) * 2 * 640) + (i % 320) * 2]!) };
const reference = await measure(() => grayToJpeg(gray));
console.log('per snapshot                 wall ms (median)  CPU ms (mean, ffmpeg included)  output');
console.log(`gray 320×180 → JPEG (ref.)         ${f(reference.wall)}          ${f(reference.cpu)}                  ${reference.last.length} B JPEG`);
for (const [i, c] of cases.entries()) {
  const colour = await measure<ColourPicture>(() => decodeGop(gops[i]!, { timeoutMs: 30_000 }));
  const kb = gops[i]!.reduce((sum, p) => sum + p.length, 0) / 1024;
  console.log(`colour ${c.name.padEnd(20)}        ${f(colour.wall)}          ${f(colour.cpu)}                  ${colour.last.width}×${colour.last.height} JPEG ${colour.last.jpeg.length} B + RGB (GOP ${kb.toFixed(0)} KiB)`);
  console.log(`    ratio to gray: ${(colour.wall / reference.wall).toFixed(1)}× wall, ${(colour.cpu / reference.cpu).toFixed(1)}× CPU`);
  if (i === cases.length - 1 || i === 0) {
    const raster: Raster = { width: colour.last.width, height: colour.last.height, channels: 3, data: colour.last.rgb };
    console.log(`    detector input fill from ${raster.width}×${raster.height} RGB: ${fillMs(raster).toFixed(1)} ms`);
  }
}
console.log(`    detector input fill from 320×180 gray (ref.): ${fillMs({ ...gray, channels: 1 }).toFixed(1)} ms`);
console.log(`load average ${loadavg()[0]!.toFixed(2)} at end`);
