import { describe, expect, it } from 'vitest';
import {
  MIN_BAR_PX,
  createScale,
  findGaps,
  layoutBars,
  layoutTimeline,
  localOffsetMs,
  nextEvent,
  nextRecordedTime,
  panRange,
  previousEvent,
  spanAt,
  ticks,
  zoomRange,
} from './timeline.ts';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const min = 60_000;

describe('createScale', () => {
  const scale = createScale({ from: T0, to: T0 + 10 * min }, 1000);

  it('maps time to x and back', () => {
    expect(scale.toX(T0)).toBe(0);
    expect(scale.toX(T0 + 5 * min)).toBe(500);
    expect(scale.toTime(250)).toBe(T0 + 2.5 * min);
  });

  it('clamps outside the range', () => {
    expect(scale.toX(T0 - min)).toBe(0);
    expect(scale.toX(T0 + 20 * min)).toBe(1000);
    expect(scale.toTime(-5)).toBe(T0);
    expect(scale.toTime(5000)).toBe(T0 + 10 * min);
  });

  it('survives a zero width or an empty range', () => {
    expect(createScale({ from: T0, to: T0 }, 100).toX(T0 + 1)).toBe(100);
    expect(createScale({ from: T0, to: T0 + min }, 0).toTime(10)).toBe(T0);
  });
});

describe('layoutBars', () => {
  const scale = createScale({ from: T0, to: T0 + 10 * min }, 1000);

  it('cuts spans to the range, drops those outside and sorts by start', () => {
    const bars = layoutBars(
      [
        { id: 'b', start: T0 + 8 * min, end: T0 + 12 * min },
        { id: 'a', start: T0 - 2 * min, end: T0 + min },
        { id: 'out', start: T0 + 11 * min, end: T0 + 12 * min },
      ],
      scale,
    );
    expect(bars.map((bar) => bar.item.id)).toEqual(['a', 'b']);
    expect(bars[0]).toMatchObject({ x: 0, width: 100, start: T0, end: T0 + min });
    expect(bars[1]).toMatchObject({ x: 800, width: 200, end: T0 + 10 * min });
  });

  it('gives short spans a visible width that stays inside the timeline', () => {
    const [short, atEdge] = layoutBars(
      [
        { start: T0 + min, end: T0 + min + 10 },
        { start: T0 + 10 * min - 5, end: T0 + 10 * min },
      ],
      scale,
    );
    expect(short!.width).toBe(MIN_BAR_PX);
    expect(atEdge!.x + atEdge!.width).toBeLessThanOrEqual(1000);
  });

  it('runs an open event until now', () => {
    const [open] = layoutBars([{ start: T0 + min }], scale, T0 + 3 * min);
    expect(open).toMatchObject({ x: 100, width: 200, end: T0 + 3 * min });
  });
});

describe('findGaps', () => {
  const range = { from: T0, to: T0 + 10 * min };

  it('finds the holes, ignoring joins under the tolerance', () => {
    const segments = [
      { start: T0, end: T0 + min },
      { start: T0 + min + 500, end: T0 + 2 * min },
      { start: T0 + 5 * min, end: T0 + 6 * min },
    ];
    expect(findGaps(segments, range)).toEqual([
      { from: T0 + 2 * min, to: T0 + 5 * min },
      { from: T0 + 6 * min, to: T0 + 10 * min },
    ]);
  });

  it('is the whole range without segments and nothing when covered', () => {
    expect(findGaps([], range)).toEqual([range]);
    expect(findGaps([{ start: T0 - min, end: T0 + 11 * min }], range)).toEqual([]);
  });

  it('copes with overlapping and unsorted segments', () => {
    const segments = [
      { start: T0 + 4 * min, end: T0 + 10 * min },
      { start: T0, end: T0 + 3 * min },
      { start: T0 + min, end: T0 + 2 * min },
    ];
    expect(findGaps(segments, range)).toEqual([{ from: T0 + 3 * min, to: T0 + 4 * min }]);
  });
});

describe('spanAt and nextRecordedTime', () => {
  const segments = [
    { file: 'a', start: T0, end: T0 + min },
    { file: 'b', start: T0 + min, end: T0 + 2 * min },
    { file: 'c', start: T0 + 5 * min, end: T0 + 6 * min },
  ];

  it('finds the segment holding a time (the later one at a join)', () => {
    expect(spanAt(segments, T0 + 30_000)?.file).toBe('a');
    expect(spanAt(segments, T0 + min)?.file).toBe('b');
    expect(spanAt(segments, T0 + 3 * min)).toBeUndefined();
  });

  it('skips a gap to the next recorded time', () => {
    expect(nextRecordedTime(segments, T0 + 10)).toBe(T0 + 10);
    expect(nextRecordedTime(segments, T0 + 3 * min)).toBe(T0 + 5 * min);
    expect(nextRecordedTime(segments, T0 + 7 * min)).toBeUndefined();
  });
});

describe('nextEvent and previousEvent', () => {
  const events = [
    { id: 'e2', start: T0 + 5 * min, end: T0 + 6 * min },
    { id: 'e1', start: T0 + min, end: T0 + 2 * min },
    { id: 'e3', start: T0 + 8 * min },
  ];

  it('next goes to the first event starting after the time', () => {
    expect(nextEvent(events, T0)?.id).toBe('e1');
    expect(nextEvent(events, T0 + min)?.id).toBe('e2');
    expect(nextEvent(events, T0 + 5 * min + 1)?.id).toBe('e3');
    expect(nextEvent(events, T0 + 9 * min)).toBeUndefined();
  });

  it('previous goes to the event before, or the one before that when just past its start', () => {
    expect(previousEvent(events, T0 + 7 * min)?.id).toBe('e2');
    expect(previousEvent(events, T0 + 5 * min + 500)?.id).toBe('e1');
    expect(previousEvent(events, T0 + 5 * min + 500, 0)?.id).toBe('e2');
    expect(previousEvent(events, T0 + min)).toBeUndefined();
  });
});

describe('ticks', () => {
  it('picks a round step at least the spacing apart', () => {
    const result = ticks(createScale({ from: T0 + 10_000, to: T0 + 10 * min }, 1000), 80);
    expect(result.step).toBe(min);
    expect(result.ticks[0]!.time).toBe(T0 + min);
    expect(result.ticks).toHaveLength(10);
    for (const [index, tick] of result.ticks.entries()) {
      if (index > 0) expect(tick.x - result.ticks[index - 1]!.x).toBeGreaterThanOrEqual(80);
    }
  });

  it('aligns to the given time-zone offset', () => {
    const day = createScale({ from: T0, to: T0 + 24 * 60 * min }, 400);
    const offset = 30 * min;
    const { step, ticks: marks } = ticks(day, 100, offset);
    expect(step).toBe(6 * 60 * min);
    expect((marks[0]!.time + offset) % step).toBe(0);
  });
});

describe('zoomRange and panRange', () => {
  const range = { from: T0, to: T0 + 10 * min };

  it('zooms around the centre, keeping it at the same place', () => {
    const zoomed = zoomRange(range, T0 + 2 * min, 0.5);
    expect(zoomed).toEqual({ from: T0 + min, to: T0 + 6 * min });
  });

  it('never zooms below the minimum span', () => {
    const zoomed = zoomRange(range, T0, 0.0001, 10_000);
    expect(zoomed.to - zoomed.from).toBe(10_000);
  });

  it('pans by a delta', () => {
    expect(panRange(range, min)).toEqual({ from: T0 + min, to: T0 + 11 * min });
  });
});

describe('layoutTimeline (both apps draw from it)', () => {
  const range = { from: T0, to: T0 + 60 * min };
  const segments = [{ start: T0, end: T0 + 10 * min }, { start: T0 + 20 * min, end: T0 + 30 * min }];

  it('shows no gap after now: the rest of the range is the future, not missing footage', () => {
    const now = T0 + 40 * min;
    const layout = layoutTimeline(range, 600, segments, [], now);
    expect(layout.gaps.map((bar) => [bar.start, bar.end])).toEqual([
      [T0 + 10 * min, T0 + 20 * min],
      [T0 + 30 * min, now],
    ]);
    expect(layout.segments).toHaveLength(2);
  });

  it('runs an open event up to now', () => {
    const layout = layoutTimeline(range, 600, segments, [{ start: T0 + 25 * min }], T0 + 35 * min);
    expect(layout.events.map((bar) => [bar.start, bar.end])).toEqual([[T0 + 25 * min, T0 + 35 * min]]);
  });

  it('puts ticks on round local times, in the offset in force at the range start', () => {
    const layout = layoutTimeline(range, 600, segments, [], range.to);
    const offset = localOffsetMs(range.from);
    expect(layout.grid.ticks.length).toBeGreaterThan(1);
    for (const tick of layout.grid.ticks) expect((tick.time + offset) % layout.grid.step).toBe(0);
  });
});
