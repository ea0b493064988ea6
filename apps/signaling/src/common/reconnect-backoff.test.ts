import { describe, expect, it } from 'vitest';
import { backoffDelay as sharedBackoffDelay } from '@vigil/shared/backoff';
import { reconnectBackoff, type BackoffOptions } from './client.ts';

/** The client's delay before reconnection attempt `attempt` (0-based). */
const backoffDelay = (attempt: number, options: BackoffOptions, random: () => number = Math.random) =>
  sharedBackoffDelay(attempt, reconnectBackoff(options), random);

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000, jitter: 1 };
  it('grows exponentially up to the cap without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, { ...options, jitter: 0 }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('applies full jitter within [0, delay]', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(800);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
    expect(backoffDelay(3, options, () => 0.999)).toBeLessThan(5);
  });
});
