/**
 * Motion bench, one process: Vigil's detector against OpenCV.js MOG2 and a Frigate-style running
 * average on synthetic sequences with exact truth. Prints speed, pixel F1 and false events, and
 * appends them under "## Motion" in bench/RESULTS.md.
 *
 *   npx tsx bench/motion/run.ts [--quick] [--speed] [--no-write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { MotionDetector } from '../../apps/streamer/src/engine/motion/detector.ts';
import { Scene } from '../../apps/streamer/src/engine/motion/synthetic.ts';
import { loadOpenCv, OpenCvMog2 } from './opencv.ts';
import { RunningAverage } from './running-average.ts';
import { EventCounter, MaskMotion, PixelScore } from './score.ts';
import { EMPTY, LEARN, SCORED, type Sequence } from './sequences.ts';

const quick = process.argv.includes('--quick');
const speedOnly = process.argv.includes('--speed');
const write = !process.argv.includes('--no-write') && !speedOnly;
const lines: string[] = [];
const say = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

type Name = 'vigil' | 'opencv' | 'runavg';
const NAMES: Name[] = ['vigil', 'opencv', 'runavg'];
const LABEL: Record<Name, string> = { vigil: 'Vigil', opencv: 'OpenCV MOG2', runavg: 'running avg' };

const cv = await loadOpenCv();

/** The three detectors over one frame size, with the same "moving" rule for the mask-only ones. */
function detectors(width: number, height: number) {
  const vigil = new MotionDetector({ width, height });
  const vigilDark = new MotionDetector({ width, height, compensateLight: false });
  const opencv = new OpenCvMog2(cv, width, height);
  const runavg = new RunningAverage(width, height);
  const opencvMotion = new MaskMotion(width, height);
  return {
    /** Runs one detector on a frame; returns its mask (non-zero foreground) and whether it moved. */
    run(name: Name | 'nolight', frame: Uint8Array): { mask: Uint8Array; moving: boolean } {
      if (name === 'nolight') {
        const r = vigilDark.process(frame);
        return { mask: r.mask, moving: r.moving };
      }
      if (name === 'vigil') {
        const r = vigil.process(frame);
        return { mask: r.mask, moving: r.moving };
      }
      if (name === 'opencv') {
        const mask = opencv.apply(frame);
        return { mask, moving: opencvMotion.moving(mask) };
      }
      runavg.process(frame);
      return { mask: runavg.mask, moving: runavg.moving };
    },
    free: () => opencv.delete(),
  };
}

function render(sequence: Sequence, width: number, height: number, frames: number): { frames: Uint8Array[]; truth: Uint8Array[] } {
  const scene = new Scene(sequence.spec(width, height));
  const out = { frames: [] as Uint8Array[], truth: [] as Uint8Array[] };
  for (let n = 0; n < frames; n++) {
    const f = new Uint8Array(width * height);
    const t = new Uint8Array(width * height);
    scene.render(n, f, t);
    out.frames.push(f);
    out.truth.push(t);
  }
  return out;
}

const pad = (text: string | number, n: number) => String(text).padEnd(n);
const padL = (text: string | number, n: number) => String(text).padStart(n);

// 1. Speed: the same 100 frames of the "objects" sequence (objects moving), in short blocks
// interleaved between the detectors (a new order each round), so that a burst of load from other
// processes on a shared machine hits every detector alike. Frames/s are the median over blocks of
// wall-clock time; the CPU-time ratio (this thread's user time per block) is printed beside it.
const ROUNDS = quick ? 3 : 15;
const BLOCK = 25;
say(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0]!.toFixed(2)} at start; Node ${process.version}`);
say();
say(`frames/s (median of ${ROUNDS} × 4 interleaved blocks of ${BLOCK} frames, after 100 warm-up frames; higher is better)`);
say(`    ${pad('size', 10)}${NAMES.map((n) => padL(LABEL[n], 14)).join('')}   Vigil / OpenCV   (by CPU time)   (Vigil without light compensation)`);
const speed: Record<string, Record<Name, number>> = {};
const SPEED: (Name | 'nolight')[] = [...NAMES, 'nolight'];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
for (const [width, height] of [[320, 180], [640, 360]] as const) {
  const { frames } = render(SCORED[0]!, width, height, LEARN + 100);
  const moving = frames.slice(LEARN);
  const d = detectors(width, height);
  for (const name of SPEED) for (const f of frames) d.run(name, f);
  const wall: Record<Name | 'nolight', number[]> = { vigil: [], opencv: [], runavg: [], nolight: [] };
  const cpu: Record<Name | 'nolight', number[]> = { vigil: [], opencv: [], runavg: [], nolight: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (let block = 0; block < moving.length / BLOCK; block++) {
      const part = moving.slice(block * BLOCK, (block + 1) * BLOCK);
      for (let k = 0; k < SPEED.length; k++) {
        const name = SPEED[(k + round + block) % SPEED.length]!;
        const c0 = process.cpuUsage().user;
        const t0 = performance.now();
        for (const f of part) d.run(name, f);
        wall[name].push((part.length * 1000) / (performance.now() - t0));
        cpu[name].push((part.length * 1e6) / Math.max(1, process.cpuUsage().user - c0));
      }
    }
  }
  d.free();
  const fps = { vigil: median(wall.vigil), opencv: median(wall.opencv), runavg: median(wall.runavg) };
  speed[`${width}x${height}`] = fps;
  const dark = median(wall.nolight);
  const cpuRatio = median(cpu.vigil) / median(cpu.opencv);
  say(`    ${pad(`${width}×${height}`, 10)}${NAMES.map((n) => padL(fps[n].toFixed(0), 14)).join('')}   ×${(fps.vigil / fps.opencv).toFixed(2)}            (×${cpuRatio.toFixed(2)})         (${dark.toFixed(0)}, ×${(dark / fps.opencv).toFixed(2)})`);
}

if (speedOnly) process.exit(0);

// 2. Pixel F1 on sequences with moving objects, after the first LEARN frames.
const W = 320;
const H = 180;
say();
say(`pixel F1 at ${W}×${H} (frames ${LEARN}+ scored; precision / recall in brackets)`);
const total: Record<Name, PixelScore> = { vigil: new PixelScore(), opencv: new PixelScore(), runavg: new PixelScore() };
const f1: Record<string, Record<Name, number>> = {};
for (const sequence of SCORED) {
  const frames = quick ? 150 : sequence.frames;
  const { frames: seq, truth } = render(sequence, W, H, frames);
  const d = detectors(W, H);
  const score: Record<Name, PixelScore> = { vigil: new PixelScore(), opencv: new PixelScore(), runavg: new PixelScore() };
  for (let n = 0; n < frames; n++) {
    for (const name of NAMES) {
      const { mask } = d.run(name, seq[n]!);
      if (n >= LEARN) score[name].add(mask, truth[n]!);
    }
  }
  d.free();
  f1[sequence.name] = { vigil: score.vigil.f1, opencv: score.opencv.f1, runavg: score.runavg.f1 };
  for (const name of NAMES) total[name].merge(score[name]);
  const cell = (s: PixelScore) => `${s.f1.toFixed(3)} (${s.precision.toFixed(2)}/${s.recall.toFixed(2)})`;
  say(`    ${pad(sequence.name, 13)}${NAMES.map((n) => padL(cell(score[n]), 22)).join('')}   ${sequence.about}`);
}
say(`    ${pad('all pixels', 13)}${NAMES.map((n) => padL(total[n].f1.toFixed(3), 22)).join('')}   pooled over every scored frame`);
const mean = (n: Name) => SCORED.reduce((a, s) => a + f1[s.name]![n], 0) / SCORED.length;
say(`    ${pad('mean', 13)}${NAMES.map((n) => padL(mean(n).toFixed(3), 22)).join('')}   mean of the per-sequence F1`);

// 3. False events on sequences where nothing moves (Vigil's event state machine for all three:
// start after 3 consecutive moving frames, end after 5 quiet seconds).
say();
say(`false events with nothing moving (${W}×${H}, 10 fps, 60 s each; mean foreground % in brackets)`);
const falseEvents: Record<Name, number> = { vigil: 0, opencv: 0, runavg: 0 };
const lightEvents: Record<Name, number> = { vigil: 0, opencv: 0, runavg: 0 };
for (const sequence of EMPTY) {
  const frames = quick ? 300 : sequence.frames;
  const scene = new Scene(sequence.spec(W, H));
  const frame = new Uint8Array(W * H);
  const d = detectors(W, H);
  const counters: Record<Name, EventCounter> = { vigil: new EventCounter(), opencv: new EventCounter(), runavg: new EventCounter() };
  const fg: Record<Name, number> = { vigil: 0, opencv: 0, runavg: 0 };
  for (let n = 0; n < frames; n++) {
    scene.render(n, frame);
    for (const name of NAMES) {
      const { mask, moving } = d.run(name, frame);
      // Nothing moves, but a detector learning its first frames is not yet judged.
      counters[name].add(n >= LEARN && moving);
      if (n >= LEARN) {
        let on = 0;
        for (let i = 0; i < mask.length; i++) if (mask[i]) on++;
        fg[name] += on / mask.length;
      }
    }
  }
  d.free();
  for (const name of NAMES) {
    falseEvents[name] += counters[name].starts;
    if (sequence.lightChange) lightEvents[name] += counters[name].starts;
  }
  const cell = (n: Name) => `${counters[n].starts} (${((100 * fg[n]) / (frames - LEARN)).toFixed(2)} %)`;
  say(`    ${pad(sequence.name, 13)}${NAMES.map((n) => padL(cell(n), 16)).join('')}   ${sequence.about}${sequence.lightChange ? ' [light change]' : ''}`);
}
say(`    ${pad('light changes', 13)}${NAMES.map((n) => padL(lightEvents[n], 16)).join('')}   clouds + lamp + dusk`);
say(`    ${pad('all', 13)}${NAMES.map((n) => padL(falseEvents[n], 16)).join('')}`);

// 4. Targets.
const s320 = speed['320x180']!;
const rampF1 = f1['light-ramp']!;
say();
say('targets');
say(`    speed at 320×180 ≥ OpenCV.js: ${s320.vigil.toFixed(0)} vs ${s320.opencv.toFixed(0)} frames/s (×${(s320.vigil / s320.opencv).toFixed(2)}) — ${s320.vigil >= s320.opencv ? 'met' : 'NOT met'}`);
say(`    F1 ≥ 0.85 overall: pooled ${total.vigil.f1.toFixed(3)}, mean ${mean('vigil').toFixed(3)} — ${total.vigil.f1 >= 0.85 && mean('vigil') >= 0.85 ? 'met' : total.vigil.f1 >= 0.85 ? 'met pooled, not on the mean' : 'NOT met'}; on light-ramp Vigil ${rampF1.vigil.toFixed(3)}, OpenCV MOG2 ${rampF1.opencv.toFixed(3)}`);
const limit = lightEvents.runavg / 4;
say(`    false events on light changes ≤ ¼ of the running average's: ${lightEvents.vigil} vs ${lightEvents.runavg} (limit ${limit.toFixed(2)}) — ${lightEvents.vigil <= limit ? 'met' : 'NOT met'}`);

if (write && !quick) {
  const path = new URL('../RESULTS.md', import.meta.url);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  const block = `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\n\n\`npx tsx bench/motion/run.ts\`\n\n${lines.map((l) => (l ? `    ${l}` : '')).join('\n')}\n`;
  const start = text.indexOf('\n## Motion\n');
  if (start < 0) {
    text = `${text.trimEnd()}\n\n## Motion\n\n${block}`;
  } else {
    // Append to the end of our own section, before whichever section follows it.
    const next = text.indexOf('\n## ', start + 1);
    const end = next < 0 ? text.length : next;
    text = `${text.slice(0, end).trimEnd()}\n\n${block}${next < 0 ? '' : `\n${text.slice(end + 1)}`}`;
  }
  writeFileSync(path, text);
  console.log(`\nappended to ${path.pathname}`);
}
