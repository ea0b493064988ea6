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
   */
  apply(frame: Uint8Array, scale: Float32Array, thresholdClass: Uint8Array, thresholds: Float32Array, fg: Uint8Array, rate: number): number {
    const K = this.modes;
    const P = this.pixels;
    const { weight: w, mean: mu, variance: v, used } = this;
    const tg = this.varThresholdGen;
    const tbRatio = this.backgroundRatio;
    const prune = -rate * this.complexityReduction;
    const alpha1 = 1 - rate;
    const vMin = this.varMin;
    const vMax = this.varMax;
    const vInit = this.varInit;
    // A lone mode that matches keeps weight 1 after renormalising, and its step is this.
    const loneStep = rate / (alpha1 + prune + rate);
    let count = 0;
    for (let i = 0; i < P; i++) {
      const tb = thresholds[thresholdClass[i]!]!;
      if (tb === 0) {
        fg[i] = 0;
        continue;
      }
      const x = frame[i]! * scale[i]!;
      let n = used[i]!;
      if (n === 1) {
        // Fast path for most pixels of a settled scene: one mode, and the sample matches it.
        const d = mu[i]! - x;
        const d2 = d * d;
        const vr = v[i]!;
        if (d2 < tg * vr) {
          mu[i] = mu[i]! - loneStep * d;
          v[i] = Math.min(vMax, Math.max(vMin, vr + loneStep * (d2 - vr)));
          if (d2 < tb * vr) {
            fg[i] = 0;
          } else {
            fg[i] = 1;
            count++;
          }
          continue;
        }
      }
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
            for (let s = j; s > i; s -= P) {
              if (wt < w[s - P]!) break;
              swaps++;
              const tm = mu[s]!; mu[s] = mu[s - P]!; mu[s - P] = tm;
              const tv = v[s]!; v[s] = v[s - P]!; v[s - P] = tv;
              w[s] = w[s - P]!;
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
          const scale = 1 - rate;
          for (let o = 0; o < n; o++) if (o !== m) w[i + o * P] = w[i + o * P]! * scale;
        }
        mu[i + m * P] = x;
        v[i + m * P] = vInit;
        for (let s = i + m * P; s > i; s -= P) {
          if (rate < w[s - P]!) break;
          const tw = w[s]!; w[s] = w[s - P]!; w[s - P] = tw;
          const tm = mu[s]!; mu[s] = mu[s - P]!; mu[s - P] = tm;
          const tv = v[s]!; v[s] = v[s - P]!; v[s - P] = tv;
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
