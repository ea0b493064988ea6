/**
 * Vigil's motion detector for one camera: light compensation → MOG2 → majority clean-up →
 * connected components → blobs filtered by zone and minimum area. One `process()` per grayscale
 * frame; every buffer is allocated in the constructor, so the hot path allocates nothing.
 */
import type { MotionMask, MotionZone } from '@vigil/shared/motion';
import { Blobs } from './components.ts';
import { GainField, type LightOptions } from './light.ts';
import { Majority } from './morphology.ts';
import { Mog2Model, type Mog2Options } from './mog2.ts';
import { rasterise } from './raster.ts';

/** Detector settings; the defaults are Vigil's (see README.md for why). */
export interface DetectorOptions {
  width: number;
  height: number;
  zones?: readonly MotionZone[];
  masks?: readonly MotionMask[];
  /** Sensitivity outside zones, 0..1. Default 0.5. */
  sensitivity?: number;
  /** Smallest blob without zones, as a fraction of the frame. Default 0.001. */
  minArea?: number;
  mog2?: Mog2Options;
  light?: LightOptions;
  /** False turns light compensation off (for comparisons). Default true. */
  compensateLight?: boolean;
  /** The gain drift after which the model itself is moved to the new light. Default 1.15. */
  rebaseGain?: number;
  /** Share of the analysed area that, all at once, means "the light changed", not motion. Default 0.5. */
  globalChangeFraction?: number;
  /** Frames of fast learning (and no motion) after such a change. Default 15. */
  relearnFrames?: number;
  /**
   * Frames after the start in which nothing counts as motion: the model is still learning the
   * scene (a noisy or flickering patch looks like motion until it is learnt). Default 16 (2 s at 8 fps).
   */
  warmupFrames?: number;
  /** Learning rate during those frames. Default 0.05. */
  relearnRate?: number;
  /** Pixels around last frame's blobs left out of the light estimate. Default 3. */
  excludeMargin?: number;
  /** Most boxes reported per frame (the largest blobs are not favoured: first found, first kept). Default 64. */
  maxBoxes?: number;
}

/** What one frame yields; the object and its arrays are reused by the next `process()`. */
export interface DetectorResult {
  /** Frames processed so far, this one included. */
  frame: number;
  /** Foreground mask after clean-up: 1 foreground, 0 background. */
  mask: Uint8Array;
  /** Foreground pixels / analysed pixels. */
  fraction: number;
  /** Boxes of the blobs that count, as x0, y0, x1, y1 (inclusive pixels), `boxCount` of them; none while relearning. */
  boxes: Int32Array;
  boxCount: number;
  /** Summed area (pixels) of the blobs that count, and as a fraction of the analysed area. */
  area: number;
  areaFraction: number;
  /** Bit z: a counting blob touched zone z. */
  zoneBits: number;
  /** True when at least one blob counts (never while the light is being relearnt). */
  moving: boolean;
  /** True while the detector ignores motion because the whole scene's light just changed. */
  relearning: boolean;
  /** Median gain of the frame against the model (1: same light). */
  gain: number;
}

/** Runs the whole per-frame pipeline over grayscale frames of one size. */
export class MotionDetector {
  readonly width: number;
  readonly height: number;
  readonly model: Mog2Model;
  readonly light: GainField;
  readonly result: DetectorResult;
  private readonly thresholdClass: Uint8Array;
  private readonly thresholds: Float32Array;
  private readonly zoneBits: Uint8Array;
  private readonly active: number;
  private readonly zoneCount: number;
  private readonly zoneMinPx: Int32Array;
  private readonly minAreaPx: number;
  private readonly raw: Uint8Array;
  /** Where the last frame saw motion (raw foreground plus blob boxes): no light evidence there. */
  private readonly exclude: Uint8Array;
  private readonly excludeMargin: number;
  private readonly majority: Majority;
  private readonly blobs: Blobs;
  private readonly compensate: boolean;
  private readonly rebaseGain: number;
  private readonly globalChange: number;
  private readonly relearnFrames: number;
  private readonly warmupFrames: number;
  private readonly relearnRate: number;
  private relearn = 0;

  constructor(options: DetectorOptions) {
    const { width, height } = options;
    const pixels = width * height;
    this.width = width;
    this.height = height;
    const zones = options.zones ?? [];
    const raster = rasterise(width, height, zones, options.masks ?? [], options.sensitivity ?? 0.5);
    this.thresholdClass = raster.thresholdClass;
    this.thresholds = raster.thresholds;
    this.zoneBits = raster.zoneBits;
    this.active = Math.max(1, raster.active);
    this.zoneCount = zones.length;
    this.zoneMinPx = Int32Array.from(zones, (zone) => Math.max(1, Math.round(zone.minArea * pixels)));
    this.minAreaPx = Math.max(1, Math.round((options.minArea ?? 0.001) * pixels));
    this.model = new Mog2Model(pixels, options.mog2);
    this.light = new GainField(width, height, options.light, this.thresholdClass);
    this.compensate = options.compensateLight ?? true;
    this.rebaseGain = options.rebaseGain ?? 1.15;
    this.globalChange = options.globalChangeFraction ?? 0.5;
    this.relearnFrames = options.relearnFrames ?? 15;
    this.warmupFrames = Math.max(1, options.warmupFrames ?? 16);
    this.relearnRate = options.relearnRate ?? 0.05;
    this.raw = new Uint8Array(pixels);
    this.exclude = new Uint8Array(pixels);
    this.excludeMargin = options.excludeMargin ?? 3;
    this.majority = new Majority(width, height);
    this.blobs = new Blobs(width, height, this.zoneCount);
    const maxBoxes = options.maxBoxes ?? 64;
    this.result = {
      frame: 0, mask: new Uint8Array(pixels), fraction: 0, boxes: new Int32Array(maxBoxes * 4), boxCount: 0,
      area: 0, areaFraction: 0, zoneBits: 0, moving: false, relearning: false, gain: 1,
    };
  }

  /** Analyses one 8-bit grayscale frame of width × height pixels. */
  process(frame: Uint8Array): DetectorResult {
    const r = this.result;
    const { model, light } = this;
    // One copy into the model's buffer: the compiled loops below all read that one (specialise.ts).
    const input = model.input;
    input.set(frame.length === input.length ? frame : frame.subarray(0, input.length));
    if (this.compensate && model.frames > 0) {
      light.estimate(input, model, this.exclude);
      const g = light.global;
      if (g > this.rebaseGain || g < 1 / this.rebaseGain) this.rebase();
      light.updateInverse();
    }
    r.gain = light.global;
    const rate = this.relearn > 0 ? Math.max(this.relearnRate, model.autoRate()) : model.autoRate();
    const raw = this.raw;
    model.apply(input, light.inverse, this.thresholdClass, this.thresholds, raw, rate);
    const clean = this.majority.apply(raw, r.mask);
    r.frame = model.frames;
    r.fraction = clean / this.active;
    if (r.fraction > this.globalChange && model.frames > 1) this.relearn = this.relearnFrames;
    // The first frames only teach the model the scene: everything in them is "new".
    r.relearning = this.relearn > 0 || model.frames <= this.warmupFrames;
    if (this.relearn > 0) this.relearn--;
    this.collectBlobs(r);
    this.markExcluded();
    if (r.relearning) {
      // Light, not motion: nothing to draw or to count.
      r.boxCount = 0;
      r.area = 0;
      r.areaFraction = 0;
      r.zoneBits = 0;
    }
    r.moving = r.boxCount > 0;
    return r;
  }

  /** Moves every pixel's modes to the light the gain field measured, then measures again from 1. */
  private rebase(): void {
    const { width, height, model, light } = this;
    for (let y = 0, i = 0; y < height; y++) for (let x = 0; x < width; x++, i++) model.rescale(i, light.gainAt(x, y));
    light.restart();
  }

  /**
   * Next frame's light estimate skips this frame's raw foreground and every blob's box grown by a
   * margin, so neither an object's missed inner pixels nor its leading edge pass for light.
   */
  private markExcluded(): void {
    const { exclude, blobs, width, height } = this;
    const m = this.excludeMargin;
    exclude.set(this.raw);
    for (let b = 0; b < blobs.count; b++) {
      const x0 = Math.max(0, blobs.x0[b]! - m), x1 = Math.min(width - 1, blobs.x1[b]! + m);
      const y0 = Math.max(0, blobs.y0[b]! - m), y1 = Math.min(height - 1, blobs.y1[b]! + m);
      for (let y = y0; y <= y1; y++) exclude.fill(1, y * width + x0, y * width + x1 + 1);
    }
  }

  private collectBlobs(r: DetectorResult): void {
    const blobs = this.blobs;
    const count = blobs.label(r.mask, this.zoneBits, this.majority.spanFrom, this.majority.spanTo);
    const zones = this.zoneCount;
    const maxBoxes = r.boxes.length >> 2;
    let boxes = 0;
    let area = 0;
    let bits = 0;
    for (let b = 0; b < count; b++) {
      let counts = false;
      if (zones === 0) {
        counts = blobs.area[b]! >= this.minAreaPx;
      } else {
        for (let z = 0; z < zones; z++) {
          if (blobs.zoneArea[b * zones + z]! >= this.zoneMinPx[z]!) {
            counts = true;
            bits |= 1 << z;
          }
        }
      }
      if (!counts) continue;
      area += blobs.area[b]!;
      if (boxes < maxBoxes) {
        r.boxes[boxes * 4] = blobs.x0[b]!;
        r.boxes[boxes * 4 + 1] = blobs.y0[b]!;
        r.boxes[boxes * 4 + 2] = blobs.x1[b]!;
        r.boxes[boxes * 4 + 3] = blobs.y1[b]!;
        boxes++;
      }
    }
    r.boxCount = boxes;
    r.area = area;
    r.areaFraction = area / this.active;
    r.zoneBits = bits;
  }
}
