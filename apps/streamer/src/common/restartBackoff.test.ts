import { describe, expect, it } from 'vitest';
import { backoffDelay as sharedBackoffDelay } from '@vigil/shared/backoff';
import { restartBackoff, type RestartBackoffOptions } from './restartBackoff.ts';

/** The supervisors' delay before restart attempt `attempt` (0-based). */
const backoffDelay = (attempt: number, options: RestartBackoffOptions = {}, random: () => number = Math.random) =>
  sharedBackoffDelay(attempt, restartBackoff(options), random);

describe('backoffDelay', () => {
  it('doubles from the first step up to the bound', () => {
    const middle = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, {}, middle))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('spreads delays by the jitter and never passes the bound', () => {
    expect(backoffDelay(0, { backoffJitter: 0.2 }, () => 0)).toBe(400);
    expect(backoffDelay(0, { backoffJitter: 0.2 }, () => 1)).toBe(600);
    expect(backoffDelay(9, { maxBackoffMs: 1000 }, () => 1)).toBe(1000);
  });
});
