/**
 * The buffer policy of recorded-video playback with Media Source Extensions, as pure functions
 * (the viewer's player applies them; tests check them without a browser):
 *
 * - how much media to hold ahead of the playhead: proportional to the playback rate (4× eats
 *   media four times as fast), bounded in bytes so a high-bitrate camera stays within the
 *   browser's SourceBuffer quota;
 * - when to ask for the next bytes (before what is ahead runs low) and which range;
 * - what to evict from the SourceBuffer (played media behind, stale media far ahead; nearly
 *   everything but the playhead's surroundings after a QuotaExceededError);
 * - where to jump when the playhead reaches a hole between two recordings.
 *
 * Times: wall-clock ms for ranges of recordings; media seconds for the SourceBuffer's ranges.
 */
import { nextRecordedTime, type Span, type TimeRange } from './timeline.ts';

/** Tuning of the buffer, each with its default in DEFAULT_BUFFER_POLICY. */
export interface BufferPolicy {
  /** Media held ahead per 1× of speed (ms): default 30 s, so 60 s at 2× and 120 s at 4×. */
  aheadPerRateMs: number;
  /** Media held ahead at any speed (ms): default 30 s. */
  minAheadMs: number;
  /** Ask for more once less than this share of the target is ahead: default 0.6. */
  refillFraction: number;
  /** Bytes held ahead at most: default 48 MiB (Chromium's video SourceBuffer holds ~150 MB). */
  maxAheadBytes: number;
  /** Played media kept behind the playhead (ms), for a quick step back: default 30 s. */
  keepBehindMs: number;
  /** At the end of what is recorded, ask again for the growing segment this often (ms): default 2 s. */
  liveRetryMs: number;
  /** Jump a hole between recordings this many media seconds per 1× before the playhead hits it: default 0.05. */
  holeLeadS: number;
}

/** The defaults. */
export const DEFAULT_BUFFER_POLICY: Readonly<BufferPolicy> = {
  aheadPerRateMs: 30_000,
  minAheadMs: 30_000,
  refillFraction: 0.6,
  maxAheadBytes: 48 * 1024 * 1024,
  keepBehindMs: 30_000,
  liveRetryMs: 2000,
  holeLeadS: 0.05,
};

/**
 * The previous player's policy, kept as a reference for bench/playback: 2-minute windows, the
 * next asked for when less than 45 s is ahead whatever the speed, no byte bound, nothing asked
 * for past the listed recordings, holes jumped only once the element stalls on them.
 */
export const LEGACY_BUFFER_POLICY: Readonly<BufferPolicy> = {
  aheadPerRateMs: 0,
  minAheadMs: 120_000,
  refillFraction: 0.375,
  maxAheadBytes: Infinity,
  keepBehindMs: 60_000,
  liveRetryMs: Infinity,
  holeLeadS: 0,
};

/** The segment being written lists its end as about now; its last complete fragment is about this old (ms). */
export const LIVE_LAG_MS = 1000;

/** Fewest ms one request asks for (a byte bound never shrinks a request below it). */
export const MIN_REQUEST_MS = 10_000;

/** Media (ms) to hold ahead at `rate`; `bytesPerMs` (measured so far) applies the byte bound. */
export function aheadTargetMs(policy: BufferPolicy, rate: number, bytesPerMs?: number): number {
  const wanted = Math.max(policy.minAheadMs, policy.aheadPerRateMs * Math.max(1, rate));
  if (!bytesPerMs || bytesPerMs <= 0 || !Number.isFinite(policy.maxAheadBytes)) return wanted;
  return Math.max(MIN_REQUEST_MS, Math.min(wanted, policy.maxAheadBytes / bytesPerMs));
}

/** Where the player stands, for `nextFetch`. */
export interface FetchState {
  /** Wall time at the playhead. */
  playhead: number;
  /** Wall time up to which media is buffered or asked for, from the playhead on (0: nothing yet). */
  requestedUntil: number;
  /** A media request is running (the engine serves one at a time per session). */
  inFlight: boolean;
  rate: number;
  /** The listed recordings (the last one may be `open`: being written, growing). */
  segments: readonly (Span & { open?: boolean })[];
  /** The wall clock now, and when the last request was made. */
  now: number;
  lastRequestAt: number;
  /** Bytes per ms of media received so far (undefined before any). */
  bytesPerMs?: number;
  /** The streamer's longest media request. */
  maxRangeMs: number;
}

/** The media request to make now, if any: from the first recorded time at or after what is asked for. */
export function nextFetch(policy: BufferPolicy, state: FetchState): TimeRange | undefined {
  if (state.inFlight) return undefined;
  const target = aheadTargetMs(policy, state.rate, state.bytesPerMs);
  if (state.requestedUntil - state.playhead >= target * policy.refillFraction) return undefined;
  let from = nextRecordedTime(state.segments, state.requestedUntil);
  if (from === undefined) {
    // Past the listing: the segment being written has grown since it was listed.
    const last = state.segments.reduce<(Span & { open?: boolean }) | undefined>((a, s) => (!a || s.start > a.start ? s : a), undefined);
    const recordedUntil = state.now - LIVE_LAG_MS;
    if (!last?.open || state.now - state.lastRequestAt < policy.liveRetryMs || recordedUntil - state.requestedUntil < 500) return undefined;
    from = Math.max(state.requestedUntil, last.start);
  }
  const span = Math.max(MIN_REQUEST_MS, state.playhead + target - from);
  return { from, to: from + Math.min(span, state.maxRangeMs) };
}

/** What a request covers once made: up to its end, or to about now where the recording is still being written. */
export function coveredUntil(request: TimeRange, now: number): number {
  return Math.min(request.to, now - LIVE_LAG_MS);
}

/** The SourceBuffer's buffered ranges, in media seconds. */
export type MediaRanges = readonly (readonly [start: number, end: number])[];

/** Reads a TimeRanges object (video.buffered) into plain pairs. */
export function readRanges(ranges: { length: number; start(i: number): number; end(i: number): number }): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < ranges.length; i++) out.push([ranges.start(i), ranges.end(i)]);
  return out;
}

/** Evicting less than this (s) is not worth a SourceBuffer operation. */
const EVICT_MIN_S = 5;
/** After a QuotaExceededError, what stays around the playhead (s behind, s ahead). */
export const PRESSED_KEEP_S = { behind: 2, ahead: 10 } as const;

/**
 * The next media range (s) to remove from the SourceBuffer, or undefined: played media more than
 * `keepBehindMs` behind, and media further ahead than twice the ahead target (left there by a
 * seek back). `pressed` (after a QuotaExceededError) keeps only a little around the playhead.
 */
export function evictionRange(policy: BufferPolicy, ranges: MediaRanges, current: number, aheadMs: number, pressed = false): [number, number] | undefined {
  if (ranges.length === 0) return undefined;
  const first = ranges[0]![0];
  const last = ranges[ranges.length - 1]![1];
  const behind = pressed ? PRESSED_KEEP_S.behind : policy.keepBehindMs / 1000;
  const ahead = pressed ? Math.max(PRESSED_KEEP_S.ahead, 0) : (2 * aheadMs) / 1000;
  const slack = pressed ? 0.5 : EVICT_MIN_S;
  if (first < current - behind - slack) return [first, current - behind];
  if (last > current + ahead + slack) {
    const from = ranges.map(([s]) => s).find((s) => s > current + ahead) ?? current + ahead;
    return [Math.max(from, current + ahead), last];
  }
  return undefined;
}

/** Longest hole between recordings (s) the player jumps by itself. */
export const MAX_HOLE_S = 5;

/**
 * How far before the end of a range (s) a stalled element may stand: it stops on its last frame,
 * which starts up to a frame (67 ms at 15 fps) before the range's end.
 */
export const STALL_EDGE_S = 0.15;

/**
 * Where to move the playhead when the next buffered range begins within MAX_HOLE_S (a hole
 * between two recordings) and the playhead is `holeLeadS` × rate before the end of its range, or
 * the element has `stalled` at that end, or it sits in the hole. Undefined when playing on is right.
 */
export function holeJump(policy: BufferPolicy, ranges: MediaRanges, current: number, rate: number, stalled = false): number | undefined {
  const lead = Math.max(policy.holeLeadS * Math.max(1, rate), stalled ? STALL_EDGE_S : 0);
  for (let i = 0; i < ranges.length; i++) {
    const [start, end] = ranges[i]!;
    const next = ranges[i + 1];
    if (current < start - 0.05) {
      // In a hole before this range (or before the first).
      return start - current <= MAX_HOLE_S ? start : undefined;
    }
    if (current < end) {
      if (next && end - current <= lead && next[0] - end <= MAX_HOLE_S) return next[0];
      return undefined;
    }
  }
  return undefined;
}
