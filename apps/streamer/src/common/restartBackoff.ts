/**
 * Restart delays of a supervised process (a camera's ffmpeg, the engine under Electron), in the
 * option names the camera manager and the engine supervisor take, mapped onto the project's one
 * backoff (@vigil/shared/backoff): exponential from the first delay, ± a random spread, so a
 * camera that keeps failing is asked less and less often, and cameras behind one dead switch do
 * not all reconnect in the same millisecond.
 */
import type { Backoff } from '@vigil/shared/backoff';

/** Restart backoff bounds, each with its default (DEFAULT_RESTART_BACKOFF). */
export interface RestartBackoffOptions {
  /** First delay; default 500 ms. */
  initialBackoffMs?: number;
  /** Longest delay; default 4000 ms (a camera that comes back is live within about 5 s). */
  maxBackoffMs?: number;
  /** Random spread, as a fraction of the delay (0.2 = ±20 %); default 0.2. */
  backoffJitter?: number;
}

/** Defaults of RestartBackoffOptions. */
export const DEFAULT_RESTART_BACKOFF = { initialBackoffMs: 500, maxBackoffMs: 4000, backoffJitter: 0.2 } as const;

/** The Backoff that `options` describe: doubling, ± spread, missing fields from the defaults. */
export function restartBackoff(options: RestartBackoffOptions = {}): Backoff {
  return {
    initialMs: options.initialBackoffMs ?? DEFAULT_RESTART_BACKOFF.initialBackoffMs,
    maxMs: options.maxBackoffMs ?? DEFAULT_RESTART_BACKOFF.maxBackoffMs,
    jitter: { kind: 'spread', amount: options.backoffJitter ?? DEFAULT_RESTART_BACKOFF.backoffJitter },
  };
}
