/**
 * Light compensation: estimates how the illumination of each region of the frame differs from the
 * background model (a low-resolution gain field), so the frame can be brought back to the model's
 * light before the model judges it. See README.md, "Light".
 *
 * Each cell's gain is the median of frame/background over pixels the previous frame called
 * background (a histogram of log-ratios, so a moving object covering less than half the cell
 * cannot move it), refined by the ratio of sums over the samples near that median.
 */

import { gatherKernel, inverseKernel, sumsKernel, type GatherArrays } from './light-kernels.ts';
import { specialise } from './specialise.ts';

/** Where the background levels live: the heaviest mode of a Mog2Model (mean[i], the first plane). */
export interface BackgroundLevels {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/** Gain-field parameters. */
export interface LightOptions {
  /** Cells across the frame; rows follow the aspect ratio. Default 8 (40 px cells at 320 wide). */
  cellsAcross?: number;
  /**
   * Sample every `step`-th pixel in x and y. Default: width / 80 (4 at 320 wide: 3600 samples,
   * about 90 a cell, at any resolution).
   */
  step?: number;
  /**
   * Fewest usable samples for a cell to have its own gain, as a share of its samples. Default 0.5:
   * a cell mostly covered by a moving object takes the frame's gain instead.
   */
  minShare?: number;
}

const BINS = 128;
/** log2 range of ratios the histogram covers: a factor of 8 either way. */
const LOG_RANGE = 3;
const NO_BIN = 255;
/** Gain change (relative) below which the per-pixel inverse is not recomputed: 0.4 % is under a gray level for most of the range. */
const INVERSE_TOLERANCE = 0.004;
/** Frame-to-frame cell gain changes below this (relative) are smoothed as estimation noise. */
const STEADY_STEP = 0.02;
/** Below this share of usable samples the previous frame's foreground is not left out. */
const FALLBACK_SHARE = 0.3;
/** Cell gains this close (relative) to the global gain are taken as they are. */
const SAME_GAIN = 0.01;
/** How much more of its cell a local gain must explain than the global gain to be used. */
const OWN_MARGIN = 1.25;

/** A lookup table from (frame level, background level) to a log-ratio bin, built once. */
function buildBinTable(): Uint8Array {
  const table = new Uint8Array(256 * 256);
  for (let f = 0; f < 256; f++) {
    for (let b = 0; b < 256; b++) {
      // Too dark or clipped levels carry no light information.
      if (b < 12 || f > 250) {
        table[(f << 8) | b] = NO_BIN;
        continue;
      }
      const bin = Math.floor(((Math.log2(Math.max(f, 0.5) / b) + LOG_RANGE) / (2 * LOG_RANGE)) * BINS);
      table[(f << 8) | b] = bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin;
    }
  }
  return table;
}

let sharedTable: Uint8Array | undefined;

/** The gain field between a frame and a background, with the buffers it needs. */
export class GainField {
  readonly width: number;
  readonly height: number;
  readonly cols: number;
  readonly rows: number;
  /** Gain of each cell (frame / background), row-major. */
  readonly gain: Float32Array;
  /** Per pixel, what the frame is multiplied by to reach the model's light (see updateInverse). */
  readonly inverse: Float32Array;
  /** Last frame's cell gains, for steady(). */
  private readonly previous: Float32Array;
  /** The cell gains `inverse` was last computed from. */
  private readonly applied: Float32Array;
  /** Median gain over the cells that had enough samples. */
  global = 1;
  private readonly step: number;
  private readonly minSamples: number;
  private readonly table: Uint8Array;
  private readonly hist: Uint32Array;
  private readonly sumF: Float64Array;
  private readonly sumB: Float64Array;
  private readonly samples: Uint32Array;
  private readonly median: Uint8Array;
  private readonly globalHist: Uint32Array;
  private globalBin = 0;
  private readonly globalSums: Float64Array;
  private readonly ownFits: Uint32Array;
  private readonly known: Uint8Array;
  private readonly deviant: Uint8Array;
  private readonly globalFits: Uint32Array;
  private readonly cellOfX: Uint16Array;
  private readonly rowInv: Float32Array;
  private readonly sampleAt: Uint32Array;
  private readonly none: Uint8Array;
  private readonly sampleCell: Uint16Array;
  private readonly bins: Uint8Array;
  private readonly cells: Uint16Array;
  private readonly levelF: Float32Array;
  private readonly levelB: Float32Array;
  /** Pixel index of each usable sample (fits() reads the model's variance there). */
  private readonly pixelOf: Uint32Array;
  private inverseRun: (() => boolean) | undefined;
  private sumsRun: ((n: number, globalBin: number) => void) | undefined;
  private gatherKernel: { frame: Uint8Array; model: BackgroundLevels; skip: Uint8Array; run: (useSkip: boolean) => number } | undefined;
  private readonly centre: Float32Array;
  private readonly spanStart: Uint16Array;
  private readonly x0: Uint16Array;
  private readonly x1: Uint16Array;
  private readonly wx: Float32Array;

  /** `active` (optional): 0 for masked pixels, which are never sampled. */
  constructor(width: number, height: number, options: LightOptions = {}, active?: ArrayLike<number>) {
    this.width = width;
    this.height = height;
    this.cols = Math.max(1, options.cellsAcross ?? 8);
    this.rows = Math.max(1, Math.round((this.cols * height) / width));
    this.step = Math.max(1, options.step ?? Math.round(width / 80));
    const cells = this.cols * this.rows;
    const perCell = Math.ceil(width / this.step / this.cols) * Math.ceil(height / this.step / this.rows);
    this.minSamples = Math.max(8, Math.floor(perCell * (options.minShare ?? 0.5)));
    this.table = sharedTable ??= buildBinTable();
    this.gain = new Float32Array(cells).fill(1);
    this.applied = new Float32Array(cells).fill(1);
    this.previous = new Float32Array(cells).fill(1);
    this.inverse = new Float32Array(width * height).fill(1);
    this.hist = new Uint32Array(cells * BINS);
    this.sumF = new Float64Array(cells);
    this.sumB = new Float64Array(cells);
    this.samples = new Uint32Array(cells);
    this.median = new Uint8Array(cells);
    this.globalHist = new Uint32Array(BINS);
    this.globalSums = new Float64Array(2);
    this.ownFits = new Uint32Array(cells);
    this.known = new Uint8Array(cells);
    this.deviant = new Uint8Array(cells);
    this.globalFits = new Uint32Array(cells);
    this.cellOfX = new Uint16Array(width);
    for (let x = 0; x < width; x++) this.cellOfX[x] = Math.min(this.cols - 1, Math.floor((x * this.cols) / width));
    // Bilinear interpolation between cell centres, precomputed per column.
    this.rowInv = new Float32Array(this.cols);
    // The sampling grid and each sample's cell, fixed for the resolution.
    const at: number[] = [];
    const cellOf: number[] = [];
    for (let y = 0; y < height; y += this.step) {
      const cellRow = Math.min(this.rows - 1, Math.floor((y * this.rows) / height)) * this.cols;
      for (let x = 0; x < width; x += this.step) {
        if (active && active[y * width + x] === 0) continue;
        at.push(y * width + x);
        cellOf.push(cellRow + this.cellOfX[x]!);
      }
    }
    this.sampleAt = Uint32Array.from(at);
    this.none = new Uint8Array(width * height);
    this.sampleCell = Uint16Array.from(cellOf);
    this.bins = new Uint8Array(at.length);
    this.cells = new Uint16Array(at.length);
    this.levelF = new Float32Array(at.length);
    this.levelB = new Float32Array(at.length);
    this.pixelOf = new Uint32Array(at.length);
    this.centre = Float32Array.from({ length: this.cols }, (_, c) => ((c + 0.5) * width) / this.cols - 0.5);
    this.spanStart = Uint16Array.from(this.centre, (c) => Math.min(width, Math.max(0, Math.ceil(c))));
    this.x0 = new Uint16Array(width);
    this.x1 = new Uint16Array(width);
    this.wx = new Float32Array(width);
    for (let x = 0; x < width; x++) {
      const c = Math.min(this.cols - 1, Math.max(0, ((x + 0.5) * this.cols) / width - 0.5));
      this.x0[x] = Math.floor(c);
      this.x1[x] = Math.min(this.cols - 1, Math.floor(c) + 1);
      this.wx[x] = c - Math.floor(c);
    }
  }

  /**
   * Estimates the field from a frame, the model's background levels and the previous raw
   * foreground mask (its pixels are left out). Returns false when too few pixels carry light
   * information to say anything (a black frame); the gains are then left at 1.
   */
  estimate(frame: Uint8Array, model: BackgroundLevels, previousFg: Uint8Array): boolean {
    // Every field is read once up here: V8 optimises the loops below on stack replacement, and
    // property reads first met after a loop would deoptimise it on every call.
    const { hist, samples, cols, rows, median, globalHist, sumF, sumB, globalSums, gain, known, ownFits, globalFits, minSamples } = this;
    const cells = cols * rows;
    hist.fill(0);
    samples.fill(0);
    globalHist.fill(0);
    let n = this.gather(frame, model, previousFg);
    if (n < this.sampleAt.length * FALLBACK_SHARE) {
      // Most of the frame moved (or the light changed everywhere): use every pixel rather than none.
      hist.fill(0);
      samples.fill(0);
      globalHist.fill(0);
      n = this.gather(frame, model, undefined);
    }
    if (n < minSamples) {
      gain.fill(1);
      this.global = 1;
      return false;
    }
    for (let c = 0; c < cells; c++) median[c] = medianBin(hist, c * BINS, samples[c]!);
    this.globalBin = medianBin(globalHist, 0, n);
    sumF.fill(0);
    sumB.fill(0);
    this.sums(n);
    const global = globalSums[1]! > 0 ? globalSums[0]! / globalSums[1]! : globalSums[1]!;
    this.global = global > 0 ? global : 1;
    for (let c = 0; c < cells; c++) {
      known[c] = samples[c]! >= minSamples && sumB[c]! > 0 ? 1 : 0;
      gain[c] = known[c] ? sumF[c]! / sumB[c]! : this.global;
    }
    // A light change keeps the texture (every pixel scales alike, so the cell's gain explains
    // nearly all its pixels); an object replaces it (its pixels scatter). Keep a cell's own gain
    // only if it explains clearly more of the cell than the global gain does; else the global
    // gain if it explains most of the cell; else neither is trusted and neighbours decide.
    // Cells within 1 % of the global gain need no test (either gain would do): in steady light
    // that is every cell, and the pass is skipped.
    let deviant = 0;
    for (let c = 0; c < cells; c++) {
      const ratio = gain[c]! / this.global;
      const differs = known[c] === 1 && (ratio > 1 + SAME_GAIN || ratio < 1 - SAME_GAIN);
      this.deviant[c] = differs ? 1 : 0;
      if (differs) deviant++;
    }
    if (deviant === 0) {
      this.fillUnknown();
      this.steady();
      return true;
    }
    ownFits.fill(0);
    globalFits.fill(0);
    this.fits(n, model.variance);
    for (let c = 0; c < cells; c++) {
      if (!this.deviant[c] || ownFits[c]! > OWN_MARGIN * globalFits[c]!) continue;
      gain[c] = this.global;
      if (globalFits[c]! * 2 < samples[c]!) known[c] = 0;
    }
    this.fillUnknown();
    this.steady();
    return true;
  }

  /**
   * Damps estimation noise: a cell whose gain moved less than STEADY_STEP since the last frame
   * only moves a quarter of the way (real light changes of that size are gradual), so steady
   * light gives a steady field and `inverse` is rarely recomputed. Larger moves are taken at once.
   */
  private steady(): void {
    const { gain, previous } = this;
    for (let c = 0; c < gain.length; c++) {
      const ratio = gain[c]! / previous[c]!;
      if (ratio < 1 + STEADY_STEP && ratio > 1 - STEADY_STEP) gain[c] = previous[c]! + 0.25 * (gain[c]! - previous[c]!);
      previous[c] = gain[c]!;
    }
  }

  /** Forgets the field (all gains 1): after the model itself was moved to the new light. */
  restart(): void {
    this.gain.fill(1);
    this.previous.fill(1);
    this.global = 1;
  }

  /**
   * Gives each cell without a trusted gain the mean of its trusted neighbours, growing inwards
   * (a lamp's falloff continues under an object better than the frame's median does).
   */
  private fillUnknown(): void {
    const { cols, rows, gain, known } = this;
    for (let pass = 0; pass < cols + rows; pass++) {
      let missing = 0;
      let filled = 0;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const cell = r * cols + c;
          if (known[cell] !== 0) continue;
          missing++;
          let sum = 0;
          let count = 0;
          for (let dr = -1; dr <= 1; dr++) {
            for (let dc = -1; dc <= 1; dc++) {
              const rr = r + dr, cc = c + dc;
              if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
              // Only cells known before this pass, so the fill does not depend on scan order.
              if (known[rr * cols + cc] === 1) {
                sum += gain[rr * cols + cc]!;
                count++;
              }
            }
          }
          if (count > 0) {
            gain[cell] = sum / count;
            known[cell] = 2;
            filled++;
          }
        }
      }
      for (let cell = 0; cell < cols * rows; cell++) if (known[cell] === 2) known[cell] = 1;
      if (missing === 0 || filled === 0) return;
    }
  }

  /**
   * Collects this frame's usable samples into compact arrays (bin, cell, levels, pixel) and
   * their per-cell histograms, so the later passes run over short dense arrays. The loop is
   * compiled for these arrays (see specialise.ts); callers pass the same buffers every frame.
   */
  private gather(frame: Uint8Array, model: BackgroundLevels, previousFg: Uint8Array | undefined): number {
    const k = this.gatherKernel;
    const skip = previousFg ?? this.none;
    if (!k || k.frame !== frame || k.model !== model || (previousFg && k.skip !== previousFg)) {
      const run = specialise(gatherKernel)({ ...this.samplesOut(), frame, mean: model.mean, skip, none: this.none, table: this.table, binsPerCell: BINS, noBin: NO_BIN });
      this.gatherKernel = { frame, model, skip, run };
    }
    return this.gatherKernel!.run(previousFg !== undefined);
  }

  /** The arrays gatherKernel fills. */
  private samplesOut(): Omit<GatherArrays, 'frame' | 'mean' | 'skip' | 'none' | 'table' | 'binsPerCell' | 'noBin'> {
    const { hist, samples, sampleAt, sampleCell, bins, cells, levelF, levelB, pixelOf, globalHist } = this;
    return { hist, samples, sampleAt, sampleCell, bins, cells, levelF, levelB, pixelOf, globalHist };
  }

  /** Ratio of sums over the samples within one bin (about 3 %) of their cell's and the frame's median. */
  private sums(n: number): void {
    const { bins, cells, levelF, levelB, median, sumF, sumB, globalSums } = this;
    this.sumsRun ??= specialise(sumsKernel)({ bins, cells, levelF, levelB, median, sumF, sumB, globalSums });
    this.sumsRun(n, this.globalBin);
  }

  /**
   * Counts, per cell, the samples within 2.5 standard deviations of the model scaled by the cell's
   * own gain and by the global gain; the same tolerance for both, since sensor noise does not grow
   * with the light.
   */
  private fits(n: number, variance: Float64Array | Float32Array): void {
    const { cells, levelF, levelB, pixelOf, gain, ownFits, globalFits, deviant } = this;
    const global = this.global;
    for (let s = 0; s < n; s++) {
      const cell = cells[s]!;
      if (deviant[cell] === 0) continue;
      const f = levelF[s]!;
      const b = levelB[s]!;
      const l = 6.25 * variance[pixelOf[s]!]!;
      const dOwn = f - gain[cell]! * b;
      const dGlobal = f - global * b;
      if (dOwn * dOwn < l) ownFits[cell] = ownFits[cell]! + 1;
      if (dGlobal * dGlobal < l) globalFits[cell] = globalFits[cell]! + 1;
    }
  }

  /**
   * Brings `inverse` (1 / gain per pixel, bilinear between cell centres: what the frame is
   * multiplied by to reach the model's light) up to date. It is recomputed only when some cell's
   * gain moved by more than INVERSE_TOLERANCE since the last time, so steady light costs nothing
   * here. Returns true when it was recomputed. The loops are compiled for this field (specialise.ts).
   */
  updateInverse(): boolean {
    const { width, height, cols, rows, gain, applied, inverse, rowInv, centre, spanStart } = this;
    this.inverseRun ??= specialise(inverseKernel)({ width, height, cols, rows, gain, applied, inverse, rowInv, centre, spanStart, tolerance: INVERSE_TOLERANCE });
    return this.inverseRun();
  }

  /** The interpolated gain at one pixel (used when the model is moved to the new light). */
  gainAt(x: number, y: number): number {
    const { height, cols, rows, gain } = this;
    const r = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / height - 0.5));
    const r0 = Math.floor(r);
    const r1 = Math.min(rows - 1, r0 + 1);
    const wy = r - r0;
    const c0 = this.x0[x]!;
    const c1 = this.x1[x]!;
    const w = this.wx[x]!;
    const top = gain[r0 * cols + c0]! * (1 - w) + gain[r0 * cols + c1]! * w;
    const bottom = gain[r1 * cols + c0]! * (1 - w) + gain[r1 * cols + c1]! * w;
    return top * (1 - wy) + bottom * wy;
  }
}

/** The bin holding the median of a histogram of `count` samples starting at `offset`. */
function medianBin(hist: Uint32Array, offset: number, count: number): number {
  const half = count >> 1;
  let acc = 0;
  for (let bin = 0; bin < BINS - 1; bin++) {
    acc += hist[offset + bin]!;
    if (acc > half) return bin;
  }
  return BINS - 1;
}
