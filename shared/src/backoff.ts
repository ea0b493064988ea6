/**
 * Retry delays: exponential growth with jitter, so a failing peer is asked less and less often and
 * many clients that lost the same thing do not all come back in the same millisecond. The one
 * backoff of the project: camera and engine restarts, alert retries and signalling reconnections
 * each describe theirs with a `Backoff` (their own option names map onto it at their boundary).
 *
 *   delay(attempt) = jitter(min(maxMs, initialMs × factor^attempt))      attempt 0 = first retry
 */

/**
 * How the random part is applied to the exponential delay `d` (`r` is the random value in [0, 1)):
 * - `none`: d itself (one client alone, such as a UI's own event stream, synchronises with nobody);
 * - `equal`: half fixed, half random, d/2 + r·d/2: delays still grow;
 * - `spread`: ± `amount` × d around d (0.2 = ±20 %), never below 0 nor above `maxMs`;
 * - `full`: d × (1 − `amount` × r): `amount` 1 is "full jitter" (0..d), 0 none; clamped to [0, 1].
 */
export type BackoffJitter = { kind: 'none' } | { kind: 'equal' } | { kind: 'spread'; amount: number } | { kind: 'full'; amount: number };

/** A backoff; `factor` defaults to 2 (BACKOFF_DEFAULTS), the rest each caller states. */
export interface Backoff {
  /** Delay before the first retry (attempt 0), before jitter. */
  initialMs: number;
  /** Cap of the exponential growth. */
  maxMs: number;
  /** Growth per attempt. Default 2: doubling. */
  factor?: number;
  /** The random part (see BackoffJitter). */
  jitter: BackoffJitter;
}

/** Defaults of Backoff's optional fields. */
export const BACKOFF_DEFAULTS = { factor: 2 } as const;

/** Delay in whole ms before retry number `attempt` (0-based); `random` returns [0, 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const { initialMs, maxMs, jitter } = backoff;
  const grown = initialMs * (backoff.factor ?? BACKOFF_DEFAULTS.factor) ** attempt;
  // Past 2^1023 the growth is Infinity, and 0 × Infinity is NaN: a delay that starts at 0 stays 0.
  const d = initialMs === 0 ? 0 : Math.min(maxMs, grown);
  switch (jitter.kind) {
    case 'none':
      return Math.round(d);
    case 'equal':
      return Math.round(d / 2 + random() * (d / 2));
    case 'spread':
      return Math.max(0, Math.round(Math.min(maxMs, d + d * jitter.amount * (random() * 2 - 1))));
    case 'full':
      return Math.round(d * (1 - Math.min(1, Math.max(0, jitter.amount)) * random()));
  }
}
