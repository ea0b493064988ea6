import { describe, expect, it } from 'vitest';
import { backoffDelay as sharedBackoffDelay } from '@vigil/shared/backoff';
import { retryBackoff, type RetryBackoffOptions } from './retry-backoff.ts';

/** The lane's delay before the retry after failure number `failures` (1-based). */
const backoffDelay = (failures: number, options: RetryBackoffOptions = {}, random: () => number = Math.random) =>
  sharedBackoffDelay(Math.max(0, failures - 1), retryBackoff(options), random);

describe('backoff', () => {
  it('grows exponentially within equal-jitter bounds and caps', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 100 }, low))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 100 }, high))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(30, { baseMs: 100, maxMs: 1_000 }, high)).toBe(1_000);
    expect(backoffDelay(1)).toBeGreaterThanOrEqual(2_500);
  });
});
