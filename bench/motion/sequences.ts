/**
 * The bench's synthetic sequences, 320×180 at 10 fps unless scaled, each with exact truth (see
 * apps/streamer/src/engine/motion/synthetic.ts). Swaying foliage and light changes are
 * background in the truth: a detector that reports them is wrong. Objects enter after the
 * learning period (the first LEARN frames are not scored, for every detector alike).
 */
import type { SceneObject, SceneSpec } from '../../apps/streamer/src/engine/motion/synthetic.ts';

export const FPS = 10;
export const LEARN = 40;

export interface Sequence {
  name: string;
  /** What the sequence tests, for the results table. */
  about: string;
  frames: number;
  spec: (width: number, height: number) => SceneSpec;
  /** Counts toward "light-change sequences" in the false-event target. */
  lightChange?: boolean;
}

/** Objects in a 320×180 frame, scaled to the frame: a person, a cat-sized fast one, a dark low-contrast one. */
function objects(width: number, night = false): SceneObject[] {
  const s = width / 320;
  const o = (w: number, h: number, x: number, y: number, vx: number, vy: number, level: number, texture: number, from: number): SceneObject =>
    ({ w: Math.round(w * s), h: Math.round(h * s), x: x * s, y: y * s, vx: vx * s, vy: vy * s, level, texture, from });
  return night
    ? [o(26, 56, 0, 70, 1.6, 0.1, 80, 12, LEARN), o(12, 12, 300, 20, -3.5, 1.8, 60, 6, LEARN + 20), o(30, 34, 120, 140, 1.1, -0.4, 18, 4, LEARN + 10)]
    : [o(30, 60, 0, 60, 1.5, 0.2, 180, 20, LEARN), o(12, 12, 300, 20, -4, 2, 40, 10, LEARN + 20), o(28, 40, 100, 130, 1, -0.5, 88, 8, LEARN + 10)];
}

/** A lamp left of centre: its light falls off over about a third of the frame. */
const lamp = (on: (n: number) => boolean) => ({ x: 0.3, y: 0.4, radius: 0.3, strength: (n: number) => (on(n) ? 0.8 : 0) });
/** Clouds: the light dims to 60 % over 2 s and recovers over 2 s, every 15 s. */
const clouds = (n: number) => {
  const t = (n / FPS) % 15;
  return t < 5 ? 1 : t < 7 ? 1 - 0.2 * (t - 5) : t < 9 ? 0.6 + 0.2 * (t - 7) : 1;
};
const foliage = (width: number, height: number) => ({ x: Math.round(width * 0.6), y: Math.round(height * 0.05), w: Math.round(width * 0.32), h: Math.round(height * 0.45), amplitude: 3 * (width / 320), period: 25 });

/** Sequences with moving objects: scored by pixel F1. */
export const SCORED: Sequence[] = [
  { name: 'objects', about: 'textured scene, noise σ 3, three objects (one dark, low contrast)', frames: 300, spec: (w, h) => ({ width: w, height: h, objects: objects(w) }) },
  { name: 'light-ramp', about: 'the same while the light falls to 45 % (dusk)', frames: 300, spec: (w, h) => ({ width: w, height: h, objects: objects(w), gain: (n) => 1 - (0.55 * n) / 300 }) },
  { name: 'light-switch', about: 'the same while a lamp toggles every 6 s', frames: 300, spec: (w, h) => ({ width: w, height: h, objects: objects(w), lamp: lamp((n) => Math.floor(n / 60) % 2 === 1) }) },
  { name: 'sway', about: 'the same beside swaying foliage (background in the truth)', frames: 300, spec: (w, h) => ({ width: w, height: h, objects: objects(w), sway: foliage(w, h) }) },
  { name: 'night', about: 'dark scene (mean 30), heavy noise σ 7, IR-lit objects', frames: 300, spec: (w, h) => ({ width: w, height: h, level: 30, texture: 12, noise: 7, objects: objects(w, true) }) },
];

/** Sequences with nothing moving: every event is a false event. */
export const EMPTY: Sequence[] = [
  { name: 'still', about: 'textured scene, noise σ 3', frames: 600, spec: (w, h) => ({ width: w, height: h }) },
  { name: 'clouds', about: 'light dips to 60 % and back over 4 s, every 15 s', frames: 600, lightChange: true, spec: (w, h) => ({ width: w, height: h, gain: clouds }) },
  { name: 'lamp', about: 'a lamp switched on and off every 10 s (sudden, non-uniform)', frames: 600, lightChange: true, spec: (w, h) => ({ width: w, height: h, lamp: lamp((n) => Math.floor(n / 100) % 2 === 1) }) },
  { name: 'dusk', about: 'light falls to 35 % over 60 s', frames: 600, lightChange: true, spec: (w, h) => ({ width: w, height: h, gain: (n) => 1 - (0.65 * n) / 600 }) },
  { name: 'sway-only', about: 'swaying foliage', frames: 600, spec: (w, h) => ({ width: w, height: h, sway: foliage(w, h) }) },
  { name: 'night-still', about: 'dark scene, heavy noise', frames: 600, spec: (w, h) => ({ width: w, height: h, level: 30, texture: 12, noise: 7 }) },
];
