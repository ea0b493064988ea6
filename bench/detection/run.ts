/**
 * Detection bench, one process:
 *  1. inference time per 512×512 frame of the shipped CenterNet on each backend (tfjs-node when
 *     installed, wasm, and the pure-JS cpu backend as the reference measured in the same run);
 *  2. how many alerts an alert-on-person rule suppresses, compared with a motion-only rule, on
 *     bench/motion's sequences (the no-object ones, and those whose "objects" are textured
 *     rectangles, not persons), with events from Vigil's motion detector and from the Frigate-style
 *     running average (which raises false events there). Detection runs as the engine runs it:
 *     the worker thread, the event's start frame and its busiest frame, full frame + crop.
 *
 *   npx tsx bench/detection/run.ts [--quick] [--speed]   (--speed: part 1 only)
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { AlertsConfig } from '@vigil/shared/alerts';
import { DetectionConfig, type ZonedLabel } from '@vigil/shared/detection';
import type { MotionEvent, MotionTransition } from '@vigil/shared/motion';
import { RuleEngine } from '../../apps/streamer/src/engine/alerts/rules.ts';
import { decodeImage, toGray } from '../../apps/streamer/src/engine/detection/decode.ts';
import { DetectionWorker } from '../../apps/streamer/src/engine/detection/detection-worker.ts';
import { regionsFor, toLabels } from '../../apps/streamer/src/engine/detection/labelling.ts';
import type { Raster } from '../../apps/streamer/src/engine/detection/raster.ts';
import type { BackendName } from '../../apps/streamer/src/engine/detection/runtime.ts';
import { Blobs } from '../../apps/streamer/src/engine/motion/components.ts';
import { MotionDetector } from '../../apps/streamer/src/engine/motion/detector.ts';
import { MotionEvents } from '../../apps/streamer/src/engine/motion/events.ts';
import { Scene } from '../../apps/streamer/src/engine/motion/synthetic.ts';
import { RunningAverage } from '../motion/running-average.ts';
import { EMPTY, FPS, LEARN, SCORED, type Sequence } from '../motion/sequences.ts';

const quick = process.argv.includes('--quick');
const speedOnly = process.argv.includes('--speed');
const W = 320, H = 180;
const padL = (text: string | number, n: number) => String(text).padStart(n);
const pad = (text: string | number, n: number) => String(text).padEnd(n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0]!.toFixed(2)} at start; Node ${process.version}`);

// 1. Inference time per frame, one region (the model's 512×512 input), per backend.
const photo = await decodeImage(join(import.meta.dirname, '../../tests/fixtures/detection/person-webcam.jpg'));
const snapshot: Raster = { width: W, height: H, channels: 1, data: new Uint8Array(W * H) };
new Scene(SCORED[0]!.spec(W, H)).render(120, snapshot.data);
const frames: Raster[] = [photo, toGray(photo), snapshot];
const full = [{ x: 0, y: 0, w: 1, h: 1 }];
const runs: Partial<Record<BackendName, number>> = { tensorflow: quick ? 6 : 15, wasm: quick ? 6 : 15, cpu: quick ? 1 : 2 };
const perFrame: Partial<Record<BackendName, number>> = {};
const cpuPerFrame: Partial<Record<BackendName, number>> = {};
console.log('\ninference ms per 512×512 frame (median wall time; CPU time per inference; 2 warm-up inferences first)');
for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
  const worker = new DetectionWorker({ backends: [backend] });
  const loadStart = performance.now();
  try {
    await worker.start();
  } catch (error) {
    const reason = backend === 'tensorflow' ? '@tensorflow/tfjs-node is not installed (its install downloads libtensorflow)' : (error as Error).message;
    console.log(`    ${pad(backend, 11)} unavailable: ${reason}`);
    continue;
  }
  const loadMs = performance.now() - loadStart;
  for (let k = 0; k < 2; k++) await worker.detect(frames[k % frames.length]!, full);
  const times: number[] = [];
  // The process's CPU time over the timed loop is the worker's (this thread only waits): what an
  // inference costs on a free core, whatever else the machine is doing.
  const cpuBefore = process.cpuUsage();
  for (let k = 0; k < runs[backend]!; k++) {
    const outcome = await worker.detect(frames[k % frames.length]!, full);
    if (outcome.status === 'done') times.push(outcome.ms);
  }
  const cpu = process.cpuUsage(cpuBefore);
  await worker.stop();
  perFrame[backend] = median(times);
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  cpuPerFrame[backend] = cpuMs;
  console.log(`    ${pad(backend, 11)} ${padL(median(times).toFixed(0), 6)} ms wall, ${padL(cpuMs.toFixed(0), 6)} ms CPU   (wall min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, n ${times.length}; thread start + model load ${loadMs.toFixed(0)} ms)`);
}
const ratio = (slow: BackendName, fast: BackendName) =>
  `${(perFrame[slow]! / perFrame[fast]!).toFixed(1)}× in wall time, ${(cpuPerFrame[slow]! / cpuPerFrame[fast]!).toFixed(1)}× in CPU time`;
if (perFrame.wasm && perFrame.cpu) console.log(`    wasm is faster than the cpu backend measured in the same run: ${ratio('cpu', 'wasm')}`);
if (perFrame.wasm && perFrame.tensorflow) console.log(`    tfjs-node is faster than wasm: ${ratio('wasm', 'tensorflow')}`);

if (speedOnly) process.exit(0);

// 2. Alerts with and without a person rule over the motion bench's sequences.
const worker = new DetectionWorker({ backends: ['tensorflow', 'wasm', 'cpu'], maxPending: 64 });
const backend = await worker.start();
const filter = DetectionConfig.parse({});
const rules = AlertsConfig.parse({
  rules: [
    { id: 'motion', channels: ['mail'], cooldownSec: 0 },
    { id: 'person', labels: ['person'], channels: ['mail'], cooldownSec: 0 },
  ],
});

/** Labels of a frame as the engine finds them: whole frame + crop, kept where things moved. */
async function labelsOf(frame: Uint8Array, event: MotionEvent): Promise<ZonedLabel[]> {
  const outcome = await worker.detect({ width: W, height: H, channels: 1, data: frame }, regionsFor(event.boxes, W, H));
  if (outcome.status !== 'done') throw new Error(`detection ${outcome.status}`);
  return toLabels(outcome.detections, { labels: filter.labels, minScore: filter.minScore, motion: event.boxes });
}

type Source = 'vigil' | 'runavg';
interface Tally { events: number; motionAlerts: number; personAlerts: number; labels: Map<string, number>; best: Map<string, number> }
const tally = (): Tally => ({ events: 0, motionAlerts: 0, personAlerts: 0, labels: new Map(), best: new Map() });

/** Runs one sequence through a motion detector and the event state machine; alerts per rule. */
async function runSequence(sequence: Sequence, source: Source): Promise<Tally> {
  const count = quick ? Math.min(300, sequence.frames) : sequence.frames;
  const scene = new Scene(sequence.spec(W, H));
  const frame = new Uint8Array(W * H);
  const peak = new Uint8Array(W * H);
  const vigil = new MotionDetector({ width: W, height: H });
  const runavg = new RunningAverage(W, H);
  const blobs = new Blobs(W, H, 0);
  const noZones = new Uint8Array(W * H);
  const boxes = new Int32Array(256);
  const minPx = Math.round(0.001 * W * H);
  const events = new MotionEvents({ camera: 'bench' });
  const engine = new RuleEngine();
  const t = tally();
  const found = new Map<string, ZonedLabel[]>();
  const decide = (transition: MotionTransition, labels: ZonedLabel[]) => {
    const all = [...(found.get(transition.event.id) ?? []), ...labels];
    found.set(transition.event.id, all);
    const decision = engine.evaluate(rules, { id: transition.event.id, camera: 'bench', cameraName: 'bench', zones: [], start: transition.event.start, peakArea: transition.event.peakArea, labels: all }, 0);
    return decision.fired;
  };
  const fired = new Map<string, Set<string>>();
  for (let n = 0; n < count; n++) {
    scene.render(n, frame);
    let moving: boolean, area: number, boxCount = 0;
    if (source === 'vigil') {
      const r = vigil.process(frame);
      moving = r.moving;
      area = r.areaFraction;
      boxCount = Math.min(64, r.boxCount);
      boxes.set(r.boxes.subarray(0, boxCount * 4));
    } else {
      runavg.process(frame);
      const blobCount = blobs.label(runavg.mask, noZones);
      let px = 0;
      for (let b = 0; b < blobCount && boxCount < 64; b++) {
        if (blobs.area[b]! < minPx) continue;
        boxes.set([blobs.x0[b]!, blobs.y0[b]!, blobs.x1[b]!, blobs.y1[b]!], boxCount * 4);
        boxCount++;
        px += blobs.area[b]!;
      }
      moving = runavg.moving;
      area = px / (W * H);
    }
    // A detector learning its first frames is not judged (as in bench/motion).
    const judged = n >= LEARN && moving;
    const transition = events.update({ at: (n * 1000) / FPS, index: n, moving: judged, areaFraction: judged ? area : 0, zoneBits: 0, boxes, boxCount: judged ? boxCount : 0, width: W, height: H });
    if (events.newPeak) peak.set(frame);
    if (!transition || transition.type === 'update') continue;
    const id = transition.event.id;
    if (transition.type === 'start') t.events++;
    // Start: the frame at hand (the worker's busiest so far); end: the event's busiest frame.
    const labels = await labelsOf(transition.type === 'start' ? frame : peak, transition.event);
    for (const rule of decide(transition, labels)) (fired.get(id) ?? fired.set(id, new Set()).get(id)!).add(rule);
    if (transition.type !== 'end') continue;
    for (const l of found.get(id) ?? []) t.best.set(l.label, Math.max(t.best.get(l.label) ?? 0, l.score));
    for (const label of new Set((found.get(id) ?? []).map((l) => l.label))) t.labels.set(label, (t.labels.get(label) ?? 0) + 1);
  }
  for (const rulesFired of fired.values()) {
    if (rulesFired.has('motion')) t.motionAlerts++;
    if (rulesFired.has('person')) t.personAlerts++;
  }
  return t;
}

console.log(`\nalerts per rule on bench/motion's sequences (${W}×${H}, ${FPS} fps; detection on ${backend}; events from each motion detector)`);
console.log(`    ${pad('sequence', 13)}${pad('motion from', 13)}${padL('events', 7)}${padL('motion-only', 13)}${padL('person rule', 13)}${padL('suppressed', 12)}   labels found (events)`);
for (const [title, set] of [['no object', EMPTY], ['rectangles, no person', SCORED]] as const) {
  const sum: Record<Source, Tally> = { vigil: tally(), runavg: tally() };
  for (const sequence of set) {
    for (const source of ['vigil', 'runavg'] as const) {
      const t = await runSequence(sequence, source);
      sum[source].events += t.events;
      sum[source].motionAlerts += t.motionAlerts;
      sum[source].personAlerts += t.personAlerts;
      const labels = [...t.labels].map(([k, v]) => `${k} ${v} (best score ${t.best.get(k)!.toFixed(2)})`).join(', ') || '-';
      console.log(`    ${pad(sequence.name, 13)}${pad(source, 13)}${padL(t.events, 7)}${padL(t.motionAlerts, 13)}${padL(t.personAlerts, 13)}${padL(t.motionAlerts - t.personAlerts, 12)}   ${labels}`);
    }
  }
  for (const source of ['vigil', 'runavg'] as const) {
    const s = sum[source];
    console.log(`    ${pad('all', 13)}${pad(source, 13)}${padL(s.events, 7)}${padL(s.motionAlerts, 13)}${padL(s.personAlerts, 13)}${padL(s.motionAlerts - s.personAlerts, 12)}   ${title}`);
  }
}
console.log(`\ndetector: ${worker.stats.inferences} inferences, mean ${worker.stats.meanInferenceMs} ms, ${worker.stats.dropped} dropped; load average ${loadavg()[0]!.toFixed(2)} at end`);
await worker.stop();
