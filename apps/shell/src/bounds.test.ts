import { describe, expect, it } from 'vitest';
import { clampToDisplay, restoreBounds } from './bounds.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 984 };
const fallback = { width: 1280, height: 800 };

describe('restoreBounds', () => {
  it('restores bounds that are on a display as they were', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700 }, [screen], fallback)).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
  });

  it('moves a window hanging off an edge back inside', () => {
    expect(restoreBounds({ x: 1500, y: -30, width: 1000, height: 700 }, [screen], fallback)).toEqual({ x: 920, y: 0, width: 1000, height: 700 });
    expect(restoreBounds({ x: -900, y: 900, width: 1000, height: 700 }, [screen], fallback)).toEqual({ x: 0, y: 340, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display', () => {
    expect(restoreBounds({ x: 1900, y: 10, width: 1600, height: 1200 }, [screen, right], fallback)).toEqual({ x: 1920, y: 0, width: 1280, height: 984 });
  });

  it('clamps to the display the window overlaps most', () => {
    // 200 px on the left display, 800 px on the right one.
    expect(restoreBounds({ x: 1720, y: 100, width: 1000, height: 600 }, [screen, right], fallback)).toEqual({ x: 1920, y: 100, width: 1000, height: 600 });
  });

  it('a window on a display that is gone reopens centred on the first display, at its size', () => {
    expect(restoreBounds({ x: 2500, y: 50, width: 1000, height: 700 }, [screen], fallback)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });

  it('ignores garbage, and has nothing to clamp to without displays', () => {
    for (const saved of [undefined, null, 'x', { x: 1 }, { x: 0, y: 0, width: 1e9, height: 10 }, { x: 0.5, y: 0, width: 800, height: 600 }]) {
      expect(restoreBounds(saved, [screen], fallback)).toEqual(fallback);
    }
    expect(restoreBounds({ x: 0, y: 0, width: 800, height: 600 }, [], fallback)).toEqual(fallback);
  });
});

describe('clampToDisplay', () => {
  it('keeps a window that fits where it is', () => {
    expect(clampToDisplay({ x: 10, y: 10, width: 300, height: 200 }, right)).toEqual({ x: 1920, y: 10, width: 300, height: 200 });
  });
});
