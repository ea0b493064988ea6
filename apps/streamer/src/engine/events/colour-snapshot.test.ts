// Real H.264 from ffmpeg's libx264 (the engine's live encoder settings), sent as RTP to a real
// LiveFeed, decoded from its GOP cache by a real ffmpeg.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordGop } from './gop-fixture.ts';
import { decodeImage } from '../detection/decode.ts';
import type { Raster } from '../detection/raster.ts';
import { createColourSnapshots, decodeGop } from './colour-snapshot.ts';
import { jpegSize } from './jpeg.ts';

let dir: string;
let small: Buffer[];
let large: Buffer[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-colour-snapshot-'));
  [small, large] = await Promise.all([recordGop({ width: 640, height: 360 }), recordGop({ width: 1920, height: 1080, frames: 10 })]);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Mean absolute difference between the red and green, and green and blue channels. */
function chroma(raster: Raster): { rg: number; gb: number } {
  let rg = 0, gb = 0;
  const pixels = raster.width * raster.height;
  for (let i = 0; i < pixels * 3; i += 3) {
    rg += Math.abs(raster.data[i]! - raster.data[i + 1]!);
    gb += Math.abs(raster.data[i + 1]! - raster.data[i + 2]!);
  }
  return { rg: rg / pixels, gb: gb / pixels };
}

describe('colour snapshots from a GOP', () => {
  it('decodes the newest picture at the camera resolution, in colour, as JPEG and as the same RGB', async () => {
    const picture = await decodeGop(small, { timeoutMs: 20_000 });
    expect(jpegSize(picture.jpeg)).toEqual({ width: 640, height: 360, components: 3 });
    expect([picture.width, picture.height]).toEqual([640, 360]);
    // Decoded back by ffmpeg: testsrc2's colour bars, so the channels differ a lot.
    const file = join(dir, 'small.jpg');
    await writeFile(file, picture.jpeg);
    const back = await decodeImage(file);
    expect([back.width, back.height]).toEqual([640, 360]);
    const { rg, gb } = chroma(back);
    expect(rg).toBeGreaterThan(40);
    expect(gb).toBeGreaterThan(40);
    // The detector's RGB is the same picture as the JPEG (JPEG loss aside).
    const rgb: Raster = { width: 640, height: 360, channels: 3, data: picture.rgb };
    let diff = 0;
    for (let i = 0; i < back.data.length; i++) diff += Math.abs(back.data[i]! - rgb.data[i]!);
    expect(diff / back.data.length).toBeLessThan(6);
    expect(Math.abs(chroma(rgb).rg - rg)).toBeLessThan(5);
  }, 30_000);

  it('scales a 1080p camera down to 1280 px wide, aspect kept', async () => {
    const picture = await decodeGop(large, { timeoutMs: 20_000 });
    expect(jpegSize(picture.jpeg)).toEqual({ width: 1280, height: 720, components: 3 });
    expect(picture.rgb.length).toBe(1280 * 720 * 3);
    const narrow = await decodeGop(large, { timeoutMs: 20_000, maxWidth: 480 });
    expect(jpegSize(narrow.jpeg)).toMatchObject({ width: 480, height: 270 });
  }, 30_000);

  it('rejects with a reason: a corrupt GOP, a GOP without its keyframe, nothing cached, a timeout', async () => {
    const corrupt = small.map((packet, k) => {
      const copy = Buffer.from(packet);
      for (let i = 13; i < copy.length; i++) copy[i] = (i * 131 + k) & 0xff;
      return copy;
    });
    await expect(decodeGop(corrupt, { timeoutMs: 20_000 })).rejects.toThrow(/decoding the GOP failed|no complete picture/);
    await expect(decodeGop(small.slice(Math.floor(small.length / 2)), { timeoutMs: 20_000 })).rejects.toThrow(/decoding the GOP failed/);
    await expect(decodeGop([])).rejects.toThrow(/no complete picture/);
    await expect(decodeGop(large, { timeoutMs: 1 })).rejects.toThrow(/longer than 1 ms/);
    const none = createColourSnapshots({ gopOf: () => [] });
    await expect(none.capture('porch')).rejects.toThrow(/no GOP cached/);
  }, 30_000);

  it('runs one decode at a time per camera: a second caller shares the running one', async () => {
    let asked = 0;
    const snapshots = createColourSnapshots({ timeoutMs: 20_000, gopOf: () => (asked++, small) });
    const first = snapshots.capture('porch');
    const second = snapshots.capture('porch');
    expect(second).toBe(first);
    expect(asked).toBe(1);
    const [a, b] = await Promise.all([first, second]);
    expect(a.jpeg).toBe(b.jpeg);
    // Once done, the next capture decodes again (a newer picture).
    await snapshots.capture('porch');
    expect(asked).toBe(2);
  }, 30_000);
});
