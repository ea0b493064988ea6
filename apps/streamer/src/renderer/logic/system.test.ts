import { describe, expect, it } from 'vitest';
import { formatUptime, sparkPoints } from './system.ts';

describe('system helpers', () => {
  it('formats uptimes', () => {
    expect(formatUptime(42)).toBe('42 s');
    expect(formatUptime(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatUptime(4 * 86_400 + 7200)).toBe('4 days 2 h');
  });

  it('draws the newest sample at the right edge, clamped to the box', () => {
    expect(sparkPoints([0, 50, 200], 100, 100, 10, 3)).toBe('0.0,10.0 50.0,5.0 100.0,0.0');
    expect(sparkPoints([100], 100, 100, 10, 3)).toBe('100.0,0.0');
  });
});
