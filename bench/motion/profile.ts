/**
 * Vigil's detector alone over the speed bench's frames (the "objects" sequence after learning), for
 * profiling: `node --cpu-prof --import tsx bench/motion/profile.ts [width height rounds]`.
 * Prints frames/s and how many pixels took each MOG2 path.
 */
import { MotionDetector } from '../../apps/streamer/src/engine/motion/detector.ts';
import { Scene } from '../../apps/streamer/src/engine/motion/synthetic.ts';
import { LEARN, SCORED } from './sequences.ts';

const width = Number(process.argv[2] ?? 320);
const height = Number(process.argv[3] ?? 180);
const rounds = Number(process.argv[4] ?? 20);
const scene = new Scene(SCORED[0]!.spec(width, height));
const frames: Uint8Array[] = [];
for (let n = 0; n < LEARN + 100; n++) {
  const f = new Uint8Array(width * height);
  scene.render(n, f);
  frames.push(f);
}
const detector = new MotionDetector({ width, height });
for (const f of frames) detector.process(f);
const moving = frames.slice(LEARN);
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const f of moving) detector.process(f);
const ms = performance.now() - t0;
console.log(`${width}×${height}: ${((rounds * moving.length * 1000) / ms).toFixed(0)} frames/s`);
const used = detector.model.used;
const hist = new Array<number>(detector.model.modes + 1).fill(0);
for (let i = 0; i < used.length; i++) hist[used[i]!]!++;
console.log('modes per pixel', hist.map((n) => (n / used.length).toFixed(3)).join(' '));
