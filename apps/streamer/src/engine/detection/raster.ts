/**
 * Frames as the detector takes them: 8-bit gray (the motion snapshot) or RGB (a decoded JPEG),
 * and the letterboxed float input the model reads, written into one reused buffer.
 */

/** An 8-bit image, 1 (gray) or 3 (RGB) channels, rows back to back. */
export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** A region of a raster, normalised to 0..1 (x, y of the top-left corner, width, height). */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The whole frame. */
export const FULL_FRAME: Region = { x: 0, y: 0, w: 1, h: 1 };

/** Where a region landed in the model's square input: model pixel = (raster pixel - offset) × scale. */
export interface Placement {
  scale: number;
  /** The region's top-left corner in raster pixels. */
  x0: number;
  y0: number;
}

/** Gray value of the padding: mid-gray reads as "nothing here" to the model, black as a dark wall. */
const PAD = 114;

/**
 * Writes `region` of `raster` into `out` (size × size × 3 floats, 0..255), scaled to fit with its
 * aspect kept (bilinear) and padded at the right and bottom. Returns where it went.
 */
export function fillInput(raster: Raster, region: Region, size: number, out: Float32Array): Placement {
  const { width, height, channels, data } = raster;
  if (data.length < width * height * channels) throw new Error(`raster data holds ${data.length} bytes, ${width}×${height}×${channels} expected`);
  const x0 = Math.max(0, Math.floor(region.x * width));
  const y0 = Math.max(0, Math.floor(region.y * height));
  const rw = Math.max(1, Math.min(width - x0, Math.round(region.w * width)));
  const rh = Math.max(1, Math.min(height - y0, Math.round(region.h * height)));
  const scale = size / Math.max(rw, rh);
  const ow = Math.min(size, Math.round(rw * scale));
  const oh = Math.min(size, Math.round(rh * scale));
  out.fill(PAD);
  // Source columns and weights, once per call (hot loop below: no closures, no per-pixel division).
  const xa = new Int32Array(ow), xb = new Int32Array(ow), fx = new Float32Array(ow);
  for (let ox = 0; ox < ow; ox++) {
    const sx = Math.min(rw - 1, Math.max(0, (ox + 0.5) / scale - 0.5));
    const a = Math.floor(sx);
    xa[ox] = (x0 + a) * channels;
    xb[ox] = (x0 + Math.min(rw - 1, a + 1)) * channels;
    fx[ox] = sx - a;
  }
  for (let oy = 0; oy < oh; oy++) {
    const sy = Math.min(rh - 1, Math.max(0, (oy + 0.5) / scale - 0.5));
    const ya = Math.floor(sy), fy = sy - ya;
    const rowA = (y0 + ya) * width * channels, rowB = (y0 + Math.min(rh - 1, ya + 1)) * width * channels;
    let o = oy * size * 3;
    for (let ox = 0; ox < ow; ox++, o += 3) {
      const wx = fx[ox]!, ia = xa[ox]!, ib = xb[ox]!;
      for (let c = 0; c < channels; c++) {
        const top = data[rowA + ia + c]! + (data[rowA + ib + c]! - data[rowA + ia + c]!) * wx;
        const bottom = data[rowB + ia + c]! + (data[rowB + ib + c]! - data[rowB + ia + c]!) * wx;
        out[o + c] = top + (bottom - top) * fy;
      }
      // Gray: the model wants three channels; the same value in each.
      if (channels === 1) out[o + 1] = out[o + 2] = out[o]!;
    }
  }
  return { scale, x0, y0 };
}
