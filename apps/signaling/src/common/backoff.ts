/**
 * Reconnection delays: exponential growth with jitter, so a thousand clients that lost the same
 * server do not all come back in the same millisecond.
 */

export interface BackoffOptions {
  /** First delay after a lost connection. Default 250 ms. */
  initialMs: number;
  /** Cap of the exponential growth. Default 10 s. */
  maxMs: number;
  /** Share of the delay that is random: 1 = "full jitter" (0..delay), 0 = none. Default 1. */
  jitter: number;
}

/** Defaults of BackoffOptions (see each field). */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, jitter: 1 };

/** Delay before reconnection attempt number `attempt` (0-based); `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(exponential * (1 - jitter * random()));
}
