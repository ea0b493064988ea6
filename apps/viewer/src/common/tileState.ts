/**
 * The state of one live tile, as a pure reducer (see README.md beside this file):
 *
 *   idle ─attempt─► connecting ─live─► live ─lost─► reconnecting ─attempt─► … ─live─► live
 *                                            └─restarting─► reconnecting ─live─► live (ICE restart, same session)
 *                        │                                 │
 *                        └─lost / refused─► offline ◄──────┘ refused / streamer offline
 *   offline ─attempt─► connecting        (attempts follow each other with growing delays)
 *
 * A tile never stops by itself: every failure schedules the next attempt, so a camera comes back
 * without a click when the streamer, the network or the signalling server does.
 */
import { backoffDelay, type Backoff } from '@vigil/shared/backoff';

export type TilePhase = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface TileStatus {
  phase: TilePhase;
  /** Why the tile is not live (bye reason, error, presence). */
  reason?: string;
  /** Failed attempts since the tile was last live. */
  failures: number;
  /** When the next attempt starts (epoch ms), while waiting. */
  retryAt?: number;
}

export type TileEvent =
  | { type: 'attempt' }
  | { type: 'live' }
  /** The connection failed or dropped (ICE, signalling, timeout). */
  | { type: 'lost'; reason: string; now: number }
  /** A live connection dropped and an ICE restart is bringing it back on the same session. */
  | { type: 'restarting'; reason: string }
  /** The streamer said no (`bye` with a reason) or is offline. */
  | { type: 'refused'; reason: string; now: number }
  | { type: 'stop' };

/** Retry delays of a tile: a tile retries more calmly than the signalling socket. */
export const TILE_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 15_000, jitter: { kind: 'full', amount: 0.3 } };

/** The status of a tile that has not started. */
export const IDLE: TileStatus = { phase: 'idle', failures: 0 };

/** Next status after `event`; `random` feeds the backoff jitter. */
export function tileReducer(status: TileStatus, event: TileEvent, random: () => number = Math.random): TileStatus {
  switch (event.type) {
    case 'attempt':
      // Keep "reconnecting" (and its reason) while a picture that was live is coming back.
      if (status.phase === 'reconnecting') return { ...status, retryAt: undefined };
      return { phase: 'connecting', failures: status.failures, reason: status.reason };
    case 'live':
      return { phase: 'live', failures: 0 };
    case 'restarting':
      return { phase: 'reconnecting', reason: event.reason, failures: status.failures };
    case 'lost':
    case 'refused': {
      const failures = status.failures + 1;
      const wasLive = status.phase === 'live' || status.phase === 'reconnecting';
      const phase: TilePhase = event.type === 'lost' && wasLive ? 'reconnecting' : 'offline';
      return { phase, reason: event.reason, failures, retryAt: event.now + retryDelay(failures, random) };
    }
    case 'stop':
      return IDLE;
  }
}

/** Delay before the next attempt after `failures` failed ones. */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  return backoffDelay(Math.max(0, failures - 1), TILE_BACKOFF, random);
}

/** Words for the tile's badge. */
export function phaseLabel(phase: TilePhase): string {
  return { idle: 'Idle', connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }[phase];
}
