import { describe, expect, it } from 'vitest';
import { GopCache } from './gop-cache.ts';

const packet = (size: number) => Buffer.alloc(size);

describe('GopCache', () => {
  it('holds nothing until a keyframe, then the GOP from its start', () => {
    const cache = new GopCache(10_000);
    cache.add(packet(10), 1, false);
    expect(cache.snapshot()).toEqual([]);
    cache.add(packet(10), 2, true); // SPS
    cache.add(packet(10), 2, true); // IDR of the same access unit
    cache.add(packet(10), 3, false);
    expect(cache.snapshot().map((entry) => entry.timestamp)).toEqual([2, 2, 3]);
    cache.add(packet(10), 4, true);
    expect(cache.snapshot().map((entry) => entry.timestamp)).toEqual([4]);
  });

  it('drops the GOP past its byte limit until the next keyframe', () => {
    const cache = new GopCache(25);
    cache.add(packet(10), 1, true);
    cache.add(packet(10), 2, false);
    cache.add(packet(10), 3, false);
    expect(cache.snapshot()).toEqual([]);
    expect(cache.size).toBe(0);
    cache.add(packet(10), 4, false);
    expect(cache.snapshot()).toEqual([]);
    cache.add(packet(10), 5, true);
    expect(cache.snapshot()).toHaveLength(1);
  });
});
