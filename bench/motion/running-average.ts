/**
 * A Frigate-style running-average motion detector, the baseline most home NVRs use: frames
 * scaled to 100 px high, absolute difference against a running average (alpha 0.01), threshold
 * 30, one 3×3 dilation, blobs of area > 10 px (at the small size) count. This is the classic
 * FrigateMotionDetector without its delta averaging and calibration extras.
 */
import { Blobs } from '../../apps/streamer/src/engine/motion/components.ts';

export const RA_HEIGHT = 100;
export const RA_THRESHOLD = 30;
export const RA_ALPHA = 0.01;
export const RA_CONTOUR_AREA = 10;

export class RunningAverage {
  readonly width: number;
  readonly height: number;
  readonly smallWidth: number;
  /** Full-size mask (1 / 0), the small mask scaled back up, for pixel scores. */
  readonly mask: Uint8Array;
  moving = false;
  private readonly small: Float32Array;
  /** Full-size pixels falling in each small pixel. */
  private readonly cellCount: Float32Array;
  private readonly average: Float32Array;
  private readonly thresh: Uint8Array;
  private readonly dilated: Uint8Array;
  private readonly blobs: Blobs;
  private readonly noZones: Uint8Array;
  private frames = 0;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.smallWidth = Math.round((width * RA_HEIGHT) / height);
    const n = this.smallWidth * RA_HEIGHT;
    this.small = new Float32Array(n);
    this.cellCount = new Float32Array(n);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = Math.min(RA_HEIGHT - 1, Math.floor((y * RA_HEIGHT) / height)) * this.smallWidth + Math.min(this.smallWidth - 1, Math.floor((x * this.smallWidth) / width));
        this.cellCount[i] = this.cellCount[i]! + 1;
      }
    }
    this.average = new Float32Array(n);
    this.thresh = new Uint8Array(n);
    this.dilated = new Uint8Array(n);
    this.blobs = new Blobs(this.smallWidth, RA_HEIGHT, 0);
    this.noZones = new Uint8Array(n);
    this.mask = new Uint8Array(width * height);
  }

  /** Area-averaging resize into `small` (what cv.resize with INTER_AREA does). */
  private resize(gray: Uint8Array): void {
    const { width, height, smallWidth: sw, small } = this;
    small.fill(0);
    for (let y = 0; y < height; y++) {
      const sy = Math.min(RA_HEIGHT - 1, Math.floor((y * RA_HEIGHT) / height));
      for (let x = 0; x < width; x++) {
        const sx = Math.min(sw - 1, Math.floor((x * sw) / width));
        small[sy * sw + sx] = small[sy * sw + sx]! + gray[y * width + x]!;
      }
    }
    for (let i = 0; i < small.length; i++) small[i] = small[i]! / this.cellCount[i]!;
  }

  /** Processes one full-size frame. */
  process(gray: Uint8Array): void {
    this.resize(gray);
    const { small, average, thresh, dilated, smallWidth: sw } = this;
    if (this.frames++ === 0) average.set(small);
    for (let i = 0; i < small.length; i++) {
      thresh[i] = Math.abs(small[i]! - Math.round(average[i]!)) > RA_THRESHOLD ? 1 : 0;
      average[i] = average[i]! + RA_ALPHA * (small[i]! - average[i]!);
    }
    for (let y = 0; y < RA_HEIGHT; y++) {
      for (let x = 0; x < sw; x++) {
        let v = 0;
        for (let dy = -1; dy <= 1 && !v; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= RA_HEIGHT) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            if (xx >= 0 && xx < sw && thresh[yy * sw + xx]) {
              v = 1;
              break;
            }
          }
        }
        dilated[y * sw + x] = v;
      }
    }
    const count = this.blobs.label(dilated, this.noZones);
    this.moving = false;
    for (let b = 0; b < count; b++) if (this.blobs.area[b]! > RA_CONTOUR_AREA) this.moving = true;
    const { width, height, mask } = this;
    for (let y = 0; y < height; y++) {
      const sy = Math.min(RA_HEIGHT - 1, Math.floor((y * RA_HEIGHT) / height));
      for (let x = 0; x < width; x++) mask[y * width + x] = dilated[sy * sw + Math.min(sw - 1, Math.floor((x * sw) / width))]!;
    }
  }
}
