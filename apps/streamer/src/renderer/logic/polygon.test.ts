import { describe, expect, it } from 'vitest';
import { area, near, nextId, polygonProblem, svgPoints, toNormalised } from './polygon.ts';

describe('polygon', () => {
  it('normalises and clamps clicks', () => {
    expect(toNormalised(150, 100, { left: 100, top: 50, width: 200, height: 100 })).toEqual([0.25, 0.5]);
    expect(toNormalised(0, 500, { left: 100, top: 50, width: 200, height: 100 })).toEqual([0, 1]);
  });
  it('refuses fewer than 3 points and flat shapes', () => {
    expect(polygonProblem([[0, 0], [1, 1]])).toMatch(/at least 3 points/);
    expect(polygonProblem([[0, 0], [0.5, 0.5], [1, 1]])).toMatch(/no area/);
    expect(polygonProblem([[0, 0], [1, 0], [1, 1]])).toBeUndefined();
  });
  it('measures area, nearness, ids and svg', () => {
    expect(Math.abs(area([[0, 0], [1, 0], [1, 1], [0, 1]]))).toBe(1);
    expect(near([0.1, 0.1], [0.11, 0.1], 640, 360)).toBe(true);
    expect(near([0.1, 0.1], [0.2, 0.1], 640, 360)).toBe(false);
    expect(nextId('zone', ['zone-1', 'zone-3'])).toBe('zone-2');
    expect(svgPoints([[0, 0.5], [1, 1]])).toBe('0,0.5 1,1');
  });
});
