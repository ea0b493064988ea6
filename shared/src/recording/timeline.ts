/**
 * Pure timeline logic shared by the viewer's playback view and the streamer UI's Recordings
 * screen: where segments and event marks fall over a time range, time ↔ pixel mapping, the gaps
 * with no footage, next/previous event and tick marks. Times are milliseconds since the epoch;
 * x is in pixels from the left edge of a timeline `width` pixels wide.
 */

/** A span of time, from inclusive to exclusive. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Anything with a span: a segment or an event (an open event has no end yet). */
export interface Span {
  start: number;
  end?: number;
}

/** Mapping between time and x over one range and width. */
export interface TimeScale {
  range: TimeRange;
  width: number;
  /** x of a time, clamped to [0, width]. */
  toX(time: number): number;
  /** Time at an x, clamped to the range. */
  toTime(x: number): number;
}

/** A laid-out bar (segment, gap or mark): its pixels and the span it stands for, cut to the range. */
export interface Bar<T> {
  item: T;
  x: number;
  width: number;
  start: number;
  end: number;
}

/** Narrowest bar drawn, in pixels: a one-second event on a day-long timeline stays visible. */
export const MIN_BAR_PX = 2;

/** Gaps shorter than this (ms) are not gaps: the joins between consecutive segments. */
export const DEFAULT_GAP_TOLERANCE_MS = 2000;

/**
 * How close (ms) after an event's start "previous event" still counts as being at that event,
 * so pressing it goes to the one before (like a player's "previous track").
 */
export const PREVIOUS_EVENT_GRACE_MS = 2000;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Builds the time ↔ x mapping of `range` drawn `width` pixels wide. */
export function createScale(range: TimeRange, width: number): TimeScale {
  const span = Math.max(1, range.to - range.from);
  const pixels = Math.max(0, width);
  return {
    range,
    width: pixels,
    toX: (time) => clamp(((time - range.from) / span) * pixels, 0, pixels),
    toTime: (x) => clamp(range.from + (pixels === 0 ? 0 : (x / pixels) * span), range.from, range.to),
  };
}

/** End of a span; an open one runs until `now`. */
export function spanEnd(span: Span, now: number): number {
  return span.end ?? Math.max(span.start, now);
}

/** Whether a span overlaps a range. */
export function overlaps(span: Span, range: TimeRange, now = range.to): boolean {
  return span.start < range.to && spanEnd(span, now) > range.from;
}

/**
 * Lays out spans (segments or events) over a scale: the ones outside the range are dropped, the
 * rest are cut to it and given at least MIN_BAR_PX (kept inside the timeline). Sorted by start.
 */
export function layoutBars<T extends Span>(items: readonly T[], scale: TimeScale, now = scale.range.to): Bar<T>[] {
  const bars: Bar<T>[] = [];
  for (const item of items) {
    if (!overlaps(item, scale.range, now)) continue;
    const start = Math.max(item.start, scale.range.from);
    const end = Math.min(spanEnd(item, now), scale.range.to);
    const x0 = scale.toX(start);
    const width = Math.max(MIN_BAR_PX, scale.toX(end) - x0);
    const x = Math.max(0, Math.min(x0, scale.width - width));
    bars.push({ item, x, width: Math.min(width, scale.width), start, end });
  }
  return bars.sort((a, b) => a.start - b.start);
}

/** Stretches of the range with no recorded segment (joins under `toleranceMs` are ignored). */
export function findGaps(segments: readonly Span[], range: TimeRange, toleranceMs = DEFAULT_GAP_TOLERANCE_MS): TimeRange[] {
  const sorted = segments
    .filter((segment) => overlaps(segment, range))
    .map((segment) => ({ start: segment.start, end: spanEnd(segment, range.to) }))
    .sort((a, b) => a.start - b.start);
  const gaps: TimeRange[] = [];
  let covered = range.from;
  for (const segment of sorted) {
    if (segment.start - covered > toleranceMs) gaps.push({ from: covered, to: segment.start });
    covered = Math.max(covered, segment.end);
  }
  if (range.to - covered > toleranceMs) gaps.push({ from: covered, to: range.to });
  return gaps;
}

/** The segment that holds `time`, if any (the later one where two touch). */
export function spanAt<T extends Span>(items: readonly T[], time: number, now = time): T | undefined {
  let found: T | undefined;
  for (const item of items) {
    if (item.start <= time && time < spanEnd(item, now) && (!found || item.start >= found.start)) found = item;
  }
  return found;
}

/** The first recorded time at or after `time` (skips a gap), or undefined past the last segment. */
export function nextRecordedTime(segments: readonly Span[], time: number, now = time): number | undefined {
  if (spanAt(segments, time, now)) return time;
  const later = segments.filter((segment) => segment.start > time).map((segment) => segment.start);
  return later.length > 0 ? Math.min(...later) : undefined;
}

/** The first event that starts after `time` (1 ms later counts), or undefined. */
export function nextEvent<T extends Span>(events: readonly T[], time: number): T | undefined {
  let found: T | undefined;
  for (const event of events) {
    if (event.start > time && (!found || event.start < found.start)) found = event;
  }
  return found;
}

/**
 * The event before `time`: the one that starts last before `time - graceMs`, so pressing
 * "previous" just after jumping to an event goes to the one before it.
 */
export function previousEvent<T extends Span>(events: readonly T[], time: number, graceMs = PREVIOUS_EVENT_GRACE_MS): T | undefined {
  let found: T | undefined;
  for (const event of events) {
    if (event.start < time - graceMs && (!found || event.start > found.start)) found = event;
  }
  return found;
}

/** Steps a tick may take, in ms: 1 s … 1 day. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** A tick mark: its time and x. */
export interface Tick {
  time: number;
  x: number;
}

/**
 * Tick marks at a round step (whole seconds/minutes/hours in UTC offset `offsetMs`, e.g. the
 * viewer's time zone) with at least `minSpacingPx` between them.
 */
export function ticks(scale: TimeScale, minSpacingPx = 80, offsetMs = 0): { step: number; ticks: Tick[] } {
  const span = scale.range.to - scale.range.from;
  const wanted = scale.width > 0 ? (span * minSpacingPx) / scale.width : span;
  const step = TICK_STEPS.find((candidate) => candidate >= wanted) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  const first = Math.ceil((scale.range.from + offsetMs) / step) * step - offsetMs;
  const result: Tick[] = [];
  for (let time = first; time <= scale.range.to && result.length < 1000; time += step) {
    result.push({ time, x: scale.toX(time) });
  }
  return { step, ticks: result };
}

/** Zooms a range by `factor` (< 1 zooms in) around `center`, never below `minSpanMs`. */
export function zoomRange(range: TimeRange, center: number, factor: number, minSpanMs = 10_000): TimeRange {
  const span = Math.max(minSpanMs, (range.to - range.from) * factor);
  const ratio = range.to > range.from ? clamp((center - range.from) / (range.to - range.from), 0, 1) : 0.5;
  const from = Math.round(center - span * ratio);
  return { from, to: Math.round(from + span) };
}

/** Moves a range by `deltaMs`, keeping its length. */
export function panRange(range: TimeRange, deltaMs: number): TimeRange {
  return { from: range.from + deltaMs, to: range.to + deltaMs };
}

/** Everything a timeline draws over one range and width, laid out (see layoutTimeline). */
export interface TimelineLayout<S extends Span, E extends Span> {
  scale: TimeScale;
  segments: Bar<S>[];
  /** Stretches with no footage, up to `now` at most: the future is not a gap. */
  gaps: Bar<Span>[];
  /** Event marks; an open event reaches `now`. */
  events: Bar<E>[];
  /** Tick marks on round local times (the offset in force at the range's start). */
  grid: { step: number; ticks: Tick[] };
}

/**
 * The one layout of both apps' timelines (the streamer's Recordings screen and the viewer's
 * playback): each draws its own markup from it, so they cannot drift apart on gaps, open events or
 * the time zone of the ticks. `tickSpacingPx` is the least room between two ticks.
 */
export function layoutTimeline<S extends Span, E extends Span>(
  range: TimeRange,
  width: number,
  segments: readonly S[],
  events: readonly E[],
  now: number,
  tickSpacingPx = 90,
): TimelineLayout<S, E> {
  const scale = createScale(range, width);
  const past = { from: range.from, to: Math.min(range.to, now) };
  return {
    scale,
    segments: layoutBars(segments, scale),
    gaps: layoutBars(findGaps(segments, past).map((gap): Span => ({ start: gap.from, end: gap.to })), scale),
    events: layoutBars(events, scale, now),
    grid: ticks(scale, tickSpacingPx, localOffsetMs(range.from)),
  };
}

/** This runtime's UTC offset (ms) in force at `time`: +3 600 000 for Paris in winter. */
export function localOffsetMs(time: number): number {
  return -new Date(time).getTimezoneOffset() * 60_000;
}
