/**
 * Restart delays: exponential with jitter, so a camera that keeps failing is asked less and less
 * often, and cameras behind one dead switch do not all reconnect in the same millisecond.
 */

/** Backoff bounds, each with its default. */
export interface BackoffOptions {
  /** First delay; default 500 ms. */
  initialBackoffMs?: number;
  /** Longest delay; default 4000 ms (a camera that comes back is live within about 5 s). */
  maxBackoffMs?: number;
  /** Random spread, as a fraction of the delay (0.2 = ±20 %); default 0.2. */
  backoffJitter?: number;
}

export const DEFAULT_BACKOFF = { initialBackoffMs: 500, maxBackoffMs: 4000, backoffJitter: 0.2 } as const;

/** The delay before restart attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialBackoffMs ?? DEFAULT_BACKOFF.initialBackoffMs;
  const max = options.maxBackoffMs ?? DEFAULT_BACKOFF.maxBackoffMs;
  const jitter = options.backoffJitter ?? DEFAULT_BACKOFF.backoffJitter;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}
