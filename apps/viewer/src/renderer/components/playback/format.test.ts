import { describe, expect, it } from 'vitest';
import { formatDuration, labelSummary } from './format.ts';

const box: [number, number, number, number] = [0, 0, 0.5, 0.5];

describe('labelSummary', () => {
  it('keeps the best score per label, best first, at most max of them', () => {
    const labels = [
      { label: 'car', score: 0.71, box },
      { label: 'person', score: 0.55, box },
      { label: 'person', score: 0.92, box },
      { label: 'dog', score: 0.4, box },
    ];
    expect(labelSummary(labels)).toBe('person 92 %, car 71 %, dog 40 %');
    expect(labelSummary(labels, 1)).toBe('person 92 %');
    expect(labelSummary([])).toBe('');
  });
});

describe('formatDuration', () => {
  it('says seconds, or minutes and seconds', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(-5)).toBe('0 s');
  });
});
