import { describe, expect, it } from 'vitest';
import { FrameReader, scaledHeight } from './frame-reader.ts';

describe('FrameReader', () => {
  it('reassembles frames across arbitrary chunk boundaries', () => {
    const frames: number[][] = [];
    const reader = new FrameReader(4, { acquire: () => new Uint8Array(4), frame: (f) => frames.push(Array.from(f)) });
    const bytes = Uint8Array.from({ length: 14 }, (_, i) => i);
    for (const [a, b] of [[0, 1], [1, 6], [6, 7], [7, 13], [13, 14]]) reader.push(bytes.subarray(a, b));
    expect(frames).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(reader.frames).toBe(3);
  });

  it('skips whole frames when the sink has no free buffer, and stays aligned', () => {
    const frames: number[][] = [];
    let free = 1;
    let drops = 0;
    const reader = new FrameReader(3, {
      acquire: () => (free-- > 0 ? new Uint8Array(3) : undefined),
      frame: (f) => frames.push(Array.from(f)),
      dropped: () => drops++,
    });
    reader.push(Uint8Array.from([1, 1, 1, 2, 2]));
    free = 1;
    reader.push(Uint8Array.from([2, 3, 3, 3]));
    expect(frames).toEqual([[1, 1, 1], [3, 3, 3]]);
    expect(drops).toBe(1);
  });

  it('computes the height of ffmpeg scale=W:-2', () => {
    expect(scaledHeight(320, 1920, 1080)).toBe(180);
    expect(scaledHeight(320, 640, 480)).toBe(240);
    expect(scaledHeight(320, 1280, 800)).toBe(200);
  });
});
