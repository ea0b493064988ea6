/**
 * Per-pixel Gaussian mixture background model for grayscale frames: Zivkovic's adaptive MOG2
 * ("Improved adaptive Gaussian mixture model for background subtraction", 2004; "Efficient adaptive
 * density estimation per image pixel", 2006), the algorithm behind OpenCV's BackgroundSubtractorMOG2,
 * without shadow detection. Each pixel keeps up to `modes` Gaussians sorted by weight; the heaviest
 * ones whose weights sum to `backgroundRatio` are the background.
 *
 * Memory is laid out mode-major (`weight[k * pixels + i]`): most pixels of a settled scene use one
 * mode, so each frame streams through the first plane only, and the heaviest mode of every pixel
 * (the background level the light estimate reads) is one contiguous array. Nothing is allocated
 * after construction.
 */

import { specialise } from './specialise.ts';

/** Pixels per kernel call (see apply()). */
const BAND = 4096;

/** MOG2 parameters; the defaults are OpenCV's, so results compare one to one. */
export interface Mog2Options {
  /** Most Gaussians per pixel. Default 5. */
  modes?: number;
  /** Frames the model remembers: the learning rate settles at 1/history. Default 500. */
  history?: number;
  /** Squared Mahalanobis distance under which a pixel is background. Default 16 (4 σ). */
  varThreshold?: number;
  /** Squared distance under which a sample updates an existing mode instead of adding one. Default 9. */
  varThresholdGen?: number;
  /** Weight share of the modes that make up the background. Default 0.9. */
  backgroundRatio?: number;
  /** Variance of a new mode, and its bounds. Defaults 15, 4 and 75 (gray levels squared). */
  varInit?: number;
  varMin?: number;
  varMax?: number;
  /** Complexity reduction prior: modes whose weight decays below it are dropped. Default 0.05. */
  complexityReduction?: number;
}

/** The MOG2 state of every pixel of one camera, in typed arrays. */
export class Mog2Model {
  readonly pixels: number;
  readonly modes: number;
  readonly weight: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly used: Uint8Array;
  /** Pixels the kernel's first pass leaves to its second (see mog2Kernel). */
  readonly slow: Int32Array;
  /** This frame's pixels: the kernel reads this buffer, so its machine code can name it. */
  readonly input: Uint8Array;
  private kernel: (Omit<KernelArrays, 'frame'> & { run: (start: number, end: number) => number }) | undefined;
  /** This frame's learning rate, for the kernel: a double passed as an argument is boxed, 16 bytes a frame. */
  readonly rate = new Float64Array(2);
  readonly history: number;
  readonly varThresholdGen: number;
  readonly backgroundRatio: number;
  readonly varInit: number;
  readonly varMin: number;
  readonly varMax: number;
  readonly complexityReduction: number;
  /** Frames seen, for the fast start (learning rate 1/(2n) until it reaches 1/history). */
  frames = 0;

  constructor(pixels: number, options: Mog2Options = {}) {
    this.pixels = pixels;
    this.modes = options.modes ?? 5;
    this.history = options.history ?? 500;
    this.varThresholdGen = options.varThresholdGen ?? 9;
    this.backgroundRatio = options.backgroundRatio ?? 0.9;
    this.varInit = options.varInit ?? 15;
    this.varMin = options.varMin ?? 4;
    this.varMax = options.varMax ?? 75;
    this.complexityReduction = options.complexityReduction ?? 0.05;
    this.weight = new Float32Array(pixels * this.modes);
    this.mean = new Float32Array(pixels * this.modes);
    this.variance = new Float32Array(pixels * this.modes);
    this.used = new Uint8Array(pixels);
    this.input = new Uint8Array(pixels);
    this.slow = new Int32Array(pixels);
  }

  /** The learning rate OpenCV uses with learningRate = -1: fast at first, then 1/history. */
  autoRate(): number {
    return 1 / Math.min(2 * (this.frames + 1), this.history);
  }

  /**
   * Classifies and learns one frame. Pixel i is seen as `frame[i] * scale[i]` (the light
   * compensation; all ones for none), its squared-distance threshold is
   * `thresholds[thresholdClass[i]]` (0: masked, skipped), and `fg` receives 1 for foreground and
   * 0 for background. Returns the number of foreground pixels.
   *
   * The loop runs in a kernel compiled for this model and these arrays (see specialise.ts); the
   * frame is copied into the model's own buffer `input` first, unless it is that buffer (a fresh
   * buffer each call would undo that).
   */
  apply(frame: Uint8Array, scale: Float32Array, thresholdClass: Uint8Array, thresholds: Float32Array, fg: Uint8Array, rate: number): number {
    const k = this.kernel;
    if (!k || k.scale !== scale || k.thresholdClass !== thresholdClass || k.thresholds !== thresholds || k.fg !== fg) {
      const arrays = { scale, thresholdClass, thresholds, fg };
      this.kernel = { ...arrays, run: specialise(mog2Kernel)(this, { ...arrays, frame: this.input }) };
    }
    // (A subarray would allocate a view per frame: only cut when the caller passed a longer buffer.)
    if (frame !== this.input) this.input.set(frame.length === this.pixels ? frame : frame.subarray(0, this.pixels));
    this.rate[0] = rate;
    // A lone mode that matches keeps weight 1 after renormalising, and its step is this.
    const prune = -rate * this.complexityReduction;
    this.rate[1] = rate / (1 - rate + prune + rate);
    // In bands, so that no call runs long: V8 then optimises the kernel as a whole, early. A
    // single long call gets an on-stack-replacement copy instead, which V8 does not specialise
    // and keeps re-entering after each deoptimisation (measured: some runs 2× slower).
    let count = 0;
    const run = this.kernel!.run;
    for (let start = 0; start < this.pixels; start += BAND) count += run(start, Math.min(this.pixels, start + BAND));
    this.frames++;
    return count;
  }

  /** The background level of pixel i: the heaviest mode's mean (the frame itself before learning). */
  backgroundAt(i: number): number {
    return this.used[i] === 0 ? -1 : this.mean[i]!;
  }

  /** Multiplies every mode of pixel i by a gain: moves the model to a new light level in one step. */
  rescale(i: number, gain: number): void {
    const g2 = gain * gain;
    const { mean, variance, pixels } = this;
    for (let m = 0, j = i; m < this.used[i]!; m++, j += pixels) {
      mean[j] = mean[j]! * gain;
      variance[j] = Math.min(this.varMax, Math.max(this.varMin, variance[j]! * g2));
    }
  }
}

/** What the kernel reads besides the model: fixed for a detector, so they are compiled in. */
interface KernelArrays {
  frame: Uint8Array;
  scale: Float32Array;
  thresholdClass: Uint8Array;
  thresholds: Float32Array;
  fg: Uint8Array;
}

/**
 * The MOG2 loop over every pixel, as a closure over one model's arrays and parameters. Compiled
 * once per model by `specialise`, so it must stay self-contained (no imports, no helpers).
 */
function mog2Kernel(model: Mog2Model, arrays: KernelArrays): (start: number, end: number) => number {
  const { frame, scale, thresholdClass, thresholds, fg } = arrays;
  const { weight: w, mean: mu, variance: v, used, slow } = model;
  const K = model.modes;
  const P = model.pixels;
  const tg = model.varThresholdGen;
  const tbRatio = model.backgroundRatio;
  const vMin = model.varMin;
  const vMax = model.varMax;
  const vInit = model.varInit;
  const cT = model.complexityReduction;
  const rateIn = model.rate;
  return (start: number, end: number): number => {
    const rate = rateIn[0]!;
    const prune = -rate * cT;
    const alpha1 = 1 - rate;
    // Read, not computed here: V8 moved the division into the pixel loop below.
    const loneStep = rateIn[1]!;
    let count = 0;
    // Pass 1, most pixels of a settled scene: one mode, and the sample matches it. Everything
    // else is listed for pass 2. A loop this short keeps all its values in registers.
    let listed = 0;
    for (let i = start; i < end; i++) {
      const tb = thresholds[thresholdClass[i]!]!;
      if (tb === 0) {
        fg[i] = 0;
        continue;
      }
      if (used[i] === 1) {
        const d = mu[i]! - frame[i]! * scale[i]!;
        const d2 = d * d;
        const vr = v[i]!;
        if (d2 < tg * vr) {
          mu[i] = mu[i]! - loneStep * d;
          // Math.min/max keep the value a raw double; a ternary mixing integer-valued options
          // with doubles makes V8 box it, one heap number per pixel.
          v[i] = Math.min(vMax, Math.max(vMin, vr + loneStep * (d2 - vr)));
          const f = d2 < tb * vr ? 0 : 1;
          fg[i] = f;
          count += f;
          continue;
        }
      }
      slow[listed++] = i;
    }
    // Pass 2: the pixels listed.
    for (let l = 0; l < listed; l++) {
      const i = slow[l]!;
      const tb = thresholds[thresholdClass[i]!]!;
      const x = frame[i]! * scale[i]!;
      let n = used[i]!;
      if (n > 1) {
        // Next most common: the heaviest of several modes matches. No sorting can be needed
        // (it only gains weight); the others decay and may be pruned.
        const d = mu[i]! - x;
        const d2 = d * d;
        const vr = v[i]!;
        if (d2 < tg * vr) {
          const w0 = alpha1 * w[i]! + prune + rate;
          const k = rate / w0;
          mu[i] = mu[i]! - k * d;
          v[i] = Math.min(vMax, Math.max(vMin, vr + k * (d2 - vr)));
          if (n === 2) {
            // Two modes, the commonest case here (where an object passed): the loop below, unrolled.
            const w1 = alpha1 * w[i + P]! + prune;
            if (w1 < -prune) {
              w[i] = 1;
              w[i + P] = 0;
              n = 1;
            } else {
              const inv = 1 / (w0 + w1);
              w[i] = w0 * inv;
              w[i + P] = w1 * inv;
            }
          } else {
            w[i] = w0;
            let total = w0;
            for (let m = 1; m < n; m++) {
              const j = i + m * P;
              let wt = alpha1 * w[j]! + prune;
              if (wt < -prune) {
                wt = 0;
                n--;
              }
              w[j] = wt;
              total += wt;
            }
            const inv = 1 / total;
            for (let m = 0, j = i; m < n; m++, j += P) w[j] = w[j]! * inv;
          }
          used[i] = n;
          const f = d2 < tb * vr ? 0 : 1;
          fg[i] = f;
          count += f;
          continue;
        }
      }
      let background = false;
      let fits = false;
      let total = 0;
      for (let m = 0; m < n; m++) {
        const j = i + m * P;
        let wt = alpha1 * w[j]! + prune;
        let swaps = 0;
        if (!fits) {
          const d = mu[j]! - x;
          const d2 = d * d;
          const vr = v[j]!;
          if (total < tbRatio && d2 < tb * vr) background = true;
          if (d2 < tg * vr) {
            fits = true;
            wt += rate;
            const k = rate / wt;
            mu[j] = mu[j]! - k * d;
            // Math.min/max keep the value a raw double; a ternary mixing integer-valued options
            // with doubles makes V8 box it, one heap number per pixel.
            v[j] = Math.min(vMax, Math.max(vMin, vr + k * (d2 - vr)));
            // Keep modes sorted by weight: bubble the updated one up past lighter ones.
            for (let u = j; u > i; u -= P) {
              if (wt < w[u - P]!) break;
              swaps++;
              const tm = mu[u]!; mu[u] = mu[u - P]!; mu[u - P] = tm;
              const tv = v[u]!; v[u] = v[u - P]!; v[u - P] = tv;
              w[u] = w[u - P]!;
            }
          }
        }
        if (wt < -prune) {
          // Same pruning as OpenCV: the lightest mode is last, so shrinking the count drops it.
          wt = 0;
          n--;
        }
        w[j - swaps * P] = wt;
        total += wt;
      }
      if (total > 0) {
        const inv = 1 / total;
        for (let m = 0; m < n; m++) w[i + m * P] = w[i + m * P]! * inv;
      }
      if (!fits && rate > 0) {
        const m = n === K ? K - 1 : n++;
        if (n === 1) {
          w[i] = 1;
        } else {
          w[i + m * P] = rate;
          const keep = 1 - rate;
          for (let o = 0; o < n; o++) if (o !== m) w[i + o * P] = w[i + o * P]! * keep;
        }
        mu[i + m * P] = x;
        v[i + m * P] = vInit;
        for (let u = i + m * P; u > i; u -= P) {
          if (rate < w[u - P]!) break;
          const tw = w[u]!; w[u] = w[u - P]!; w[u - P] = tw;
          const tm = mu[u]!; mu[u] = mu[u - P]!; mu[u - P] = tm;
          const tv = v[u]!; v[u] = v[u - P]!; v[u - P] = tv;
        }
      }
      used[i] = n;
      if (background) {
        fg[i] = 0;
      } else {
        fg[i] = 1;
        count++;
      }
    }
    return count;
  };
}
