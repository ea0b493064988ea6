/**
 * Retry delays of a failing channel, in the option names of AlertServiceOptions.backoff, mapped
 * onto the project's one backoff (@vigil/shared/backoff) with "equal jitter": half fixed, half
 * random, so failed channels neither hammer nor synchronise, and delays still grow.
 */
import type { Backoff } from '@vigil/shared/backoff';

/** Backoff settings; every field has a documented default (DEFAULT_RETRY_BACKOFF). */
export interface RetryBackoffOptions {
  /** First retry delay. Default 5 s: a blip on the link heals quickly. */
  baseMs?: number;
  /** Longest delay. Default 10 min: a fixed server is noticed within minutes. */
  maxMs?: number;
  /** Growth per failure. Default 2. */
  factor?: number;
}

/** Defaults of RetryBackoffOptions. */
export const DEFAULT_RETRY_BACKOFF = { baseMs: 5_000, maxMs: 600_000, factor: 2 } as const;

/** The Backoff that `options` describe, missing fields from the defaults. */
export function retryBackoff(options: RetryBackoffOptions = {}): Backoff {
  return {
    initialMs: options.baseMs ?? DEFAULT_RETRY_BACKOFF.baseMs,
    maxMs: options.maxMs ?? DEFAULT_RETRY_BACKOFF.maxMs,
    factor: options.factor ?? DEFAULT_RETRY_BACKOFF.factor,
    jitter: { kind: 'equal' },
  };
}
