/**
 * Rasterises zones and masks, given as polygons in normalised coordinates, into per-pixel images
 * once per resolution: the detector then looks up a pixel's threshold and zones instead of testing
 * polygons per frame.
 */
import type { MotionMask, MotionZone, Polygon } from '@vigil/shared/motion';

/** Squared-distance threshold for a sensitivity in [0,1]: 16 (4 σ) at 0.5, doubling per 0.25 less. */
export function thresholdFor(sensitivity: number): number {
  return 16 * Math.pow(4, 1 - 2 * sensitivity);
}

/**
 * Sets `out[i] = value` (or ORs it, with `or`) for every pixel whose centre lies inside the
 * polygon (even-odd rule), scanning each row's crossings.
 */
export function fillPolygon(polygon: Polygon, width: number, height: number, out: Uint8Array, value: number, or = false): void {
  const n = polygon.length;
  const xs: number[] = [];
  for (let y = 0; y < height; y++) {
    const py = (y + 0.5) / height;
    xs.length = 0;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const [ax, ay] = polygon[a]!;
      const [bx, by] = polygon[b]!;
      if (ay > py !== by > py) xs.push(ax + ((py - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]! * width - 0.5));
      const to = Math.min(width - 1, Math.ceil(xs[k + 1]! * width - 0.5) - 1);
      for (let x = from, i = y * width + from; x <= to; x++, i++) out[i] = or ? out[i]! | value : value;
    }
  }
}

/** Per-pixel lookups for the detector at one resolution. */
export interface ZoneRaster {
  /** One bit per zone (bit z: inside zones[z]); all 0 without zones. */
  zoneBits: Uint8Array;
  /**
   * Each pixel's threshold as an index into `thresholds` (0: masked), one byte a pixel instead of
   * four: the detector reads it for every pixel of every frame.
   */
  thresholdClass: Uint8Array;
  /** Squared-distance thresholds by class; thresholds[0] is 0 (masked: never modelled). */
  thresholds: Float32Array;
  /** Pixels not masked. */
  active: number;
}

/**
 * Builds the lookups: masks win over zones; where zones overlap, the most sensitive applies;
 * outside every zone the default sensitivity applies (the model still learns there, but blobs
 * count only by their area inside zones).
 */
export function rasterise(width: number, height: number, zones: readonly MotionZone[], masks: readonly MotionMask[], sensitivity: number): ZoneRaster {
  const pixels = width * height;
  const zoneBits = new Uint8Array(pixels);
  zones.forEach((zone, z) => fillPolygon(zone.polygon, width, height, zoneBits, 1 << z, true));
  const masked = new Uint8Array(pixels);
  for (const mask of masks) fillPolygon(mask.polygon, width, height, masked, 1);
  const byBits = new Float32Array(256);
  for (let bits = 0; bits < 256; bits++) {
    let t = thresholdFor(sensitivity);
    if (bits !== 0) {
      t = Infinity;
      zones.forEach((zone, z) => {
        if (bits & (1 << z)) t = Math.min(t, thresholdFor(zone.sensitivity));
      });
    }
    byBits[bits] = t;
  }
  // Distinct thresholds: the default and one per zone at most, so a byte indexes them.
  const distinct = [0, ...new Set(byBits)];
  const classOfBits = Uint8Array.from(byBits, (t) => distinct.indexOf(t));
  const thresholdClass = new Uint8Array(pixels);
  let active = 0;
  for (let i = 0; i < pixels; i++) {
    if (masked[i]) {
      zoneBits[i] = 0;
      continue;
    }
    thresholdClass[i] = classOfBits[zoneBits[i]!]!;
    active++;
  }
  return { zoneBits, thresholdClass, thresholds: Float32Array.from(distinct), active };
}
