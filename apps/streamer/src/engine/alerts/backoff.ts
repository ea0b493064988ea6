/** Retry delays: exponential with "equal jitter", so failed channels neither hammer nor synchronise. */

/** Backoff settings; every field has a documented default. */
export interface BackoffOptions {
  /** First retry delay. Default 5 s: a blip on the link heals quickly. */
  baseMs?: number;
  /** Longest delay. Default 10 min: a fixed server is noticed within minutes. */
  maxMs?: number;
  /** Growth per failure. Default 2. */
  factor?: number;
}

/** Delay before retry number `failures` (1 = first retry): half fixed, half random, capped. */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 5_000;
  const max = options.maxMs ?? 600_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, base * factor ** Math.max(0, failures - 1));
  // Equal jitter keeps each delay at least half the exponential step, so delays still grow.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
