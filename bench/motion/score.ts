/** Pixel scores and event counting shared by every detector in the bench. */
import { Blobs } from '../../apps/streamer/src/engine/motion/components.ts';
import { MotionEvents } from '../../apps/streamer/src/engine/motion/events.ts';
import { FPS } from './sequences.ts';

/** Pixel counts of true positives, false positives and false negatives. */
export class PixelScore {
  tp = 0;
  fp = 0;
  fn = 0;

  /** Adds one frame: `mask` non-zero is foreground, `truth` non-zero is an object pixel. */
  add(mask: Uint8Array, truth: Uint8Array): void {
    for (let i = 0; i < truth.length; i++) {
      const p = mask[i] !== 0;
      const t = truth[i] !== 0;
      if (p && t) this.tp++;
      else if (p) this.fp++;
      else if (t) this.fn++;
    }
  }

  merge(other: PixelScore): void {
    this.tp += other.tp;
    this.fp += other.fp;
    this.fn += other.fn;
  }

  get precision(): number {
    return this.tp / Math.max(1, this.tp + this.fp);
  }

  get recall(): number {
    return this.tp / Math.max(1, this.tp + this.fn);
  }

  get f1(): number {
    return (2 * this.tp) / Math.max(1, 2 * this.tp + this.fp + this.fn);
  }
}

/** Counts event starts from per-frame "moving" flags with Vigil's default state machine. */
export class EventCounter {
  starts = 0;
  private readonly events = new MotionEvents({ camera: 'bench' });
  private readonly none = new Int32Array(4);
  private frame = 0;

  add(moving: boolean): void {
    const t = this.events.update({
      at: (this.frame * 1000) / FPS, index: this.frame, moving, areaFraction: moving ? 0.01 : 0, zoneBits: 0,
      boxes: this.none, boxCount: 0, width: 1, height: 1,
    });
    this.frame++;
    if (t?.type === 'start') this.starts++;
  }
}

/** "Moving" for a detector that only gives a mask: any 8-connected blob of at least minArea of the frame. */
export class MaskMotion {
  private readonly blobs: Blobs;
  private readonly zones: Uint8Array;
  private readonly minPx: number;

  constructor(width: number, height: number, minArea = 0.001) {
    this.blobs = new Blobs(width, height, 0);
    this.zones = new Uint8Array(width * height);
    this.minPx = Math.max(1, Math.round(minArea * width * height));
  }

  moving(mask: Uint8Array): boolean {
    const count = this.blobs.label(mask, this.zones);
    for (let b = 0; b < count; b++) if (this.blobs.area[b]! >= this.minPx) return true;
    return false;
  }
}
