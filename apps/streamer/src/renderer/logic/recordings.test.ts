import { describe, expect, it } from 'vitest';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { dayRange, describeLabels, eventMarks, fitRange, formatBytes, formatDuration, formatForecast } from './recordings.ts';

const segment = (start: number, events: RecordingSegmentView['events']): RecordingSegmentView => ({ camera: 'c', file: `c_${start}.mp4`, start, end: start + 60_000, bytes: 1, sha256: 'x', events });

describe('recordings helpers', () => {
  it('lists each event once, with its fullest listing', () => {
    const marks = eventMarks([
      segment(0, [{ id: 'a', start: 10_000 }]),
      segment(60_000, [{ id: 'a', start: 10_000, end: 70_000, labels: [{ label: 'person', score: 0.9, box: [0, 0, 1, 1] }] }, { id: 'b', start: 5_000 }]),
    ]);
    expect(marks.map((m) => m.id)).toEqual(['b', 'a']);
    expect(marks[1]).toMatchObject({ end: 70_000, labels: [{ label: 'person' }] });
  });

  it('describes labels once each, best score first', () => {
    const box: [number, number, number, number] = [0, 0, 1, 1];
    expect(describeLabels([{ label: 'car', score: 0.5, box }, { label: 'person', score: 0.91, box }, { label: 'car', score: 0.7, box }])).toBe('person 91%, car 70%');
    expect(describeLabels(undefined)).toBe('');
  });

  it('days, fit ranges and figures', () => {
    const day = dayRange('2026-03-29')!;
    expect(new Date(day.from).getHours()).toBe(0);
    expect(day.to - day.from).toBeGreaterThanOrEqual(23 * 3_600_000); // a DST day is 23 or 25 h
    expect(dayRange('29/03/2026')).toBeUndefined();
    expect(fitRange([{ start: 100_000, end: 200_000 }])).toEqual({ from: 95_000, to: 205_000 });
    expect(fitRange([])).toBeUndefined();
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatForecast(undefined)).toBe('never at this rate');
    expect(formatForecast(0.5)).toBe('in 12 h');
    expect(formatForecast(11.4)).toBe('in 11 days');
  });
});
