import { describe, expect, it } from 'vitest';
import { restoreBounds } from './bounds.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const fallback = { width: 1280, height: 800 };

describe('restoreBounds', () => {
  it('restores bounds that are on a display', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700 }, [screen], fallback)).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
  });

  it('ignores bounds on a display that is gone', () => {
    expect(restoreBounds({ x: 2500, y: 50, width: 1000, height: 700 }, [screen], fallback)).toEqual(fallback);
  });

  it('ignores garbage', () => {
    for (const saved of [undefined, null, 'x', { x: 1 }, { x: 0, y: 0, width: 1e9, height: 10 }]) {
      expect(restoreBounds(saved, [screen], fallback)).toEqual(fallback);
    }
  });
});
