/**
 * Model input speed: `fillInput` letterboxing a 640×360 RGB frame into the 512×512 input, the
 * work done for every region the detector looks at. Target ≤ 150 ms per call (it was 300-440 ms
 * with a closure per pixel; the unit test checks only what it writes).
 *
 *   npx tsx bench/detection/raster.ts [calls]
 */
import { cpus, loadavg } from 'node:os';
import { fillInput, type Raster } from '../../apps/streamer/src/engine/detection/raster.ts';

const CALLS = Number(process.argv[2] ?? 50);
const TARGET_MS = 150;

const raster: Raster = { width: 640, height: 360, channels: 3, data: new Uint8Array(640 * 360 * 3).map((_, i) => (i * 31) & 0xff) };
const out = new Float32Array(512 * 512 * 3);
const region = { x: 0, y: 0, w: 1, h: 1 };
for (let k = 0; k < 5; k++) fillInput(raster, region, 512, out); // warm-up: JIT
const times: number[] = [];
for (let k = 0; k < CALLS; k++) {
  const started = performance.now();
  fillInput(raster, region, 512, out);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0]!.toFixed(2)}; Node ${process.version}`);
console.log(`fillInput 640×360 RGB → 512×512, ${CALLS} calls: p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${times.at(-1)!.toFixed(2)} ms — target ≤ ${TARGET_MS} ms per call`);
