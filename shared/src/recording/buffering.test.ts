import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUFFER_POLICY as P,
  LEGACY_BUFFER_POLICY,
  LIVE_LAG_MS,
  MIN_REQUEST_MS,
  PRESSED_KEEP_S,
  aheadTargetMs,
  coveredUntil,
  evictionRange,
  holeJump,
  nextFetch,
  readRanges,
  type FetchState,
} from './buffering.ts';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const s = 1000;
const min = 60 * s;
/** Ten minutes recorded in 4 s segments from T0, the last one being written now. */
const segments = Array.from({ length: 150 }, (_, i) => ({ start: T0 + i * 4 * s, end: T0 + (i + 1) * 4 * s, ...(i === 149 ? { open: true } : {}) }));
const state = (over: Partial<FetchState> = {}): FetchState => ({
  playhead: T0,
  requestedUntil: 0,
  inFlight: false,
  rate: 1,
  segments,
  now: T0 + 10 * min + LIVE_LAG_MS,
  lastRequestAt: 0,
  maxRangeMs: 10 * min,
  ...over,
});

describe('aheadTargetMs', () => {
  it('holds media ahead in proportion to the speed, never less than the floor', () => {
    expect(aheadTargetMs(P, 0.5)).toBe(30 * s);
    expect(aheadTargetMs(P, 1)).toBe(30 * s);
    expect(aheadTargetMs(P, 2)).toBe(60 * s);
    expect(aheadTargetMs(P, 4)).toBe(120 * s);
  });

  it('bounds it by bytes at the measured bitrate, but never below one request', () => {
    // 8 Mbit/s = 1000 bytes per ms: 48 MiB is about 50 s of media.
    expect(aheadTargetMs(P, 4, 1000)).toBeCloseTo((48 * 1024 * 1024) / 1000, 0);
    expect(aheadTargetMs(P, 4, 1e9)).toBe(MIN_REQUEST_MS);
    expect(aheadTargetMs(LEGACY_BUFFER_POLICY, 4, 1e9)).toBe(120 * s);
  });
});

describe('nextFetch', () => {
  it('asks for the target ahead from the playhead at the start', () => {
    expect(nextFetch(P, state())).toEqual({ from: T0, to: T0 + 30 * s });
    expect(nextFetch(P, state({ rate: 4 }))).toEqual({ from: T0, to: T0 + 120 * s });
  });

  it('asks for more before what is ahead runs low, sooner at a higher speed', () => {
    // 20 s ahead: enough at 1× (refill below 18 s), not at 2× (below 36 s).
    const at = state({ playhead: T0 + 60 * s, requestedUntil: T0 + 80 * s });
    expect(nextFetch(P, at)).toBeUndefined();
    expect(nextFetch(P, { ...at, playhead: at.playhead + 3 * s })).toEqual({ from: T0 + 80 * s, to: T0 + 93 * s });
    expect(nextFetch(P, { ...at, rate: 2 })).toEqual({ from: T0 + 80 * s, to: T0 + 120 * s });
    // The old policy waited for 45 s of margin whatever the speed.
    expect(nextFetch(LEGACY_BUFFER_POLICY, { ...at, rate: 4 })).toEqual({ from: T0 + 80 * s, to: T0 + 180 * s });
  });

  it('never overlaps a running request (the engine serves one at a time)', () => {
    expect(nextFetch(P, state({ inFlight: true }))).toBeUndefined();
  });

  it('starts the next request at the next recording after a gap', () => {
    const split = [{ start: T0, end: T0 + 20 * s }, { start: T0 + 5 * min, end: T0 + 6 * min }];
    expect(nextFetch(P, state({ segments: split, playhead: T0 + 10 * s, requestedUntil: T0 + 20 * s }))).toEqual({ from: T0 + 5 * min, to: T0 + 5 * min + MIN_REQUEST_MS });
  });

  it('stays within the streamer’s longest request', () => {
    expect(nextFetch(P, state({ rate: 4, maxRangeMs: 45 * s }))).toEqual({ from: T0, to: T0 + 45 * s });
  });

  it('at the end of the listing asks again for the segment being written, at most every liveRetryMs', () => {
    const now = T0 + 10 * min + 5 * s;
    const atEdge = state({ now, playhead: T0 + 10 * min - 5 * s, requestedUntil: T0 + 10 * min, lastRequestAt: now - 3 * s });
    expect(nextFetch(P, atEdge)).toEqual({ from: T0 + 10 * min, to: T0 + 10 * min + 25 * s });
    expect(nextFetch(P, { ...atEdge, lastRequestAt: now - 1 * s })).toBeUndefined();
    // Nothing new recorded since: no request.
    expect(nextFetch(P, { ...atEdge, requestedUntil: now - LIVE_LAG_MS - 100 })).toBeUndefined();
    // A closed last segment does not grow.
    const closed = segments.map((seg) => ({ start: seg.start, end: seg.end }));
    expect(nextFetch(P, { ...atEdge, segments: closed })).toBeUndefined();
    // The old policy never did.
    expect(nextFetch(LEGACY_BUFFER_POLICY, atEdge)).toBeUndefined();
  });

  it('coveredUntil stops at what has been written of the open segment', () => {
    expect(coveredUntil({ from: T0, to: T0 + min }, T0 + 10 * s)).toBe(T0 + 10 * s - LIVE_LAG_MS);
    expect(coveredUntil({ from: T0, to: T0 + min }, T0 + 2 * min)).toBe(T0 + min);
  });
});

describe('evictionRange', () => {
  it('removes played media beyond keepBehind, not small bits of it', () => {
    expect(evictionRange(P, [[0, 100]], 50, 30 * s)).toEqual([0, 20]);
    expect(evictionRange(P, [[18, 100]], 50, 30 * s)).toBeUndefined();
  });

  it('removes media far ahead left there by a seek back', () => {
    expect(evictionRange(P, [[40, 70], [400, 500]], 50, 30 * s)).toEqual([400, 500]);
    expect(evictionRange(P, [[40, 100]], 50, 30 * s)).toBeUndefined();
  });

  it('under quota pressure keeps only the playhead’s surroundings', () => {
    expect(evictionRange(P, [[30, 100]], 50, 30 * s, true)).toEqual([30, 50 - PRESSED_KEEP_S.behind]);
    expect(evictionRange(P, [[48, 100]], 50, 30 * s, true)).toEqual([50 + PRESSED_KEEP_S.ahead, 100]);
    expect(evictionRange(P, [[48, 60]], 50, 30 * s, true)).toBeUndefined();
    expect(evictionRange(P, [], 50, 30 * s, true)).toBeUndefined();
  });
});

describe('holeJump', () => {
  const ranges = [[10, 20], [20.3, 30], [40, 50]] as const;

  it('jumps a short hole just before the playhead reaches it, earlier at a higher speed', () => {
    expect(holeJump(P, ranges, 19.9, 1)).toBeUndefined();
    expect(holeJump(P, ranges, 19.96, 1)).toBe(20.3);
    expect(holeJump(P, ranges, 19.85, 4)).toBe(20.3);
    expect(holeJump(P, ranges, 20.1, 1)).toBe(20.3); // stuck in the hole
  });

  it('leaves long holes (gaps between recordings) and the end of the buffer alone', () => {
    expect(holeJump(P, ranges, 29.99, 1)).toBeUndefined();
    expect(holeJump(P, ranges, 35, 1)).toBe(40); // inside a hole, the next range 5 s away
    expect(holeJump(P, ranges, 33, 1)).toBeUndefined();
    expect(holeJump(P, ranges, 50, 1)).toBeUndefined();
    expect(holeJump(P, ranges, 5, 1)).toBe(10);
  });

  it('jumps when the element has stalled on the last frame before a hole', () => {
    expect(holeJump(P, ranges, 19.88, 1)).toBeUndefined();
    expect(holeJump(P, ranges, 19.88, 1, true)).toBe(20.3);
    expect(holeJump(P, ranges, 29.9, 1, true)).toBeUndefined(); // a gap of 10 s: not a hole
  });

  it('the old policy waits until the element stalls at the hole', () => {
    expect(holeJump(LEGACY_BUFFER_POLICY, ranges, 19.99, 4)).toBeUndefined();
    expect(holeJump(LEGACY_BUFFER_POLICY, ranges, 19.9, 4, true)).toBe(20.3);
    expect(holeJump(LEGACY_BUFFER_POLICY, ranges, 20.1, 4)).toBe(20.3);
  });
});

it('readRanges reads a TimeRanges-like object', () => {
  const ranges = [[1, 2], [3, 4]];
  expect(readRanges({ length: 2, start: (i) => ranges[i]![0]!, end: (i) => ranges[i]![1]! })).toEqual(ranges);
});
