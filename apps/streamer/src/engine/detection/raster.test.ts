import { describe, expect, it } from 'vitest';
import { fillInput, type Raster } from './raster.ts';

describe('model input', () => {
  it('letterboxes a region into the square input, keeping its aspect, gray copied to three channels', () => {
    // 4×2 gray ramp, scaled ×2 into an 8×8 input: 8×4 of picture, the rest padding.
    const raster: Raster = { width: 4, height: 2, channels: 1, data: Uint8Array.from([0, 100, 200, 250, 0, 100, 200, 250]) };
    const out = new Float32Array(8 * 8 * 3);
    expect(fillInput(raster, { x: 0, y: 0, w: 1, h: 1 }, 8, out)).toEqual({ scale: 2, x0: 0, y0: 0 });
    const at = (x: number, y: number, c = 0) => out[(y * 8 + x) * 3 + c]!;
    expect(at(0, 0)).toBe(0);
    expect(at(1, 0)).toBeCloseTo(25); // bilinear between 0 and 100
    expect(at(7, 3)).toBe(250);
    expect([at(3, 1, 0), at(3, 1, 1), at(3, 1, 2)]).toEqual([at(3, 1), at(3, 1), at(3, 1)]);
    expect(at(0, 4)).toBe(114); // padding below the picture
  });

  it('crops a region of an RGB frame and keeps its channels apart', () => {
    const data = new Uint8Array(4 * 4 * 3);
    for (let i = 0; i < 16; i++) data.set(i % 4 >= 2 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const out = new Float32Array(4 * 4 * 3);
    // The right half (red) only.
    expect(fillInput({ width: 4, height: 4, channels: 3, data }, { x: 0.5, y: 0, w: 0.5, h: 1 }, 4, out)).toEqual({ scale: 1, x0: 2, y0: 0 });
    expect([out[0], out[1], out[2]]).toEqual([255, 0, 0]);
    expect(() => fillInput({ width: 4, height: 4, channels: 3, data: new Uint8Array(10) }, { x: 0, y: 0, w: 1, h: 1 }, 4, out)).toThrow(/raster data/);
  });
});
