import { describe, expect, it } from 'vitest';
import { formatAgo, formatBitrate, formatCountdown, plural } from './format.ts';

describe('format', () => {
  it('says how long ago', () => {
    expect(formatAgo(1000, 3000)).toBe('just now');
    expect(formatAgo(0, 42_000)).toBe('42 s ago');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 min ago');
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(formatAgo(0, 86_400_000)).toBe('1 day ago');
    expect(formatAgo(5000, 0)).toBe('just now');
  });
  it('counts down and shows bitrates', () => {
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatBitrate(850.4)).toBe('850 kbit/s');
    expect(formatBitrate(2400)).toBe('2.4 Mbit/s');
    expect(plural(1, 'viewer')).toBe('1 viewer');
    expect(plural(0, 'viewer')).toBe('0 viewers');
  });
});
