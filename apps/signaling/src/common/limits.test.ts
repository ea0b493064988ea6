import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets, SlidingWindowCounter, TokenBucket } from './limits.ts';

describe('TokenBucket', () => {
  it('allows the burst, then the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    const first = Array.from({ length: 7 }, () => bucket.take());
    expect(first).toEqual([true, true, true, true, true, false, false]);
    now += 100; // one token at 10/s
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 10_000; // refill caps at the burst
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });
});

describe('SlidingWindowCounter', () => {
  it('trips at the limit within the window and forgets old events', () => {
    let now = 0;
    const counter = new SlidingWindowCounter(3, 1000, () => now);
    expect(counter.add()).toBe(false);
    expect(counter.add()).toBe(false);
    now = 1500; // both earlier events left the window
    expect(counter.add()).toBe(false);
    expect(counter.add()).toBe(false);
    expect(counter.add()).toBe(true);
  });
});

describe('KeyedTokenBuckets', () => {
  it('keeps one bucket per key and forgets the oldest key past maxKeys', () => {
    let now = 0;
    const buckets = new KeyedTokenBuckets(0.1, 2, 2, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, false]);
    expect(buckets.take('b')).toBe(true); // another key, its own bucket
    buckets.take('c'); // a third key: 'a' is forgotten
    expect(buckets.take('a')).toBe(true);
    now += 10_000; // 0.1/s: one token back
    expect([buckets.take('b'), buckets.take('b'), buckets.take('b')]).toEqual([true, true, false]);
  });
});
