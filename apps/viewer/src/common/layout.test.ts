import { describe, expect, it } from 'vitest';
import { fitGrid, isLayoutSize, LAYOUT_SIZES, layoutOf, tileBox, wantsSubstream } from './layout.ts';

describe('layouts', () => {
  it.each(LAYOUT_SIZES)('layout %i has that many tiles, inside the grid, none overlapping', (size) => {
    const layout = layoutOf(size);
    expect(layout.tiles).toHaveLength(size);
    const used = new Set<string>();
    for (const t of layout.tiles) {
      expect(t.col + t.span).toBeLessThanOrEqual(layout.cols);
      expect(t.row + t.span).toBeLessThanOrEqual(layout.rows);
      for (let c = t.col; c < t.col + t.span; c++)
        for (let r = t.row; r < t.row + t.span; r++) {
          expect(used.has(`${c},${r}`)).toBe(false);
          used.add(`${c},${r}`);
        }
    }
  });

  it('recognises layout sizes', () => {
    expect(isLayoutSize(6)).toBe(true);
    expect(isLayoutSize(5)).toBe(false);
    expect(isLayoutSize('4')).toBe(false);
  });
});

describe('fitGrid', () => {
  it('fills the width of a tall box and centres vertically', () => {
    const fit = fitGrid(layoutOf(1), 1600, 1200);
    expect(fit.cellWidth).toBe(1600);
    expect(fit.cellHeight).toBe(900);
    expect(fit.top).toBe(150);
    expect(fit.left).toBe(0);
  });

  it('fills the height of a wide box and centres horizontally, counting gaps', () => {
    const fit = fitGrid(layoutOf(4), 3000, 908, 8);
    expect(fit.cellHeight).toBe(450);
    expect(fit.cellWidth).toBe(800);
    expect(fit.width).toBe(1608);
    expect(fit.left).toBe((3000 - 1608) / 2);
  });

  it('keeps 16:9 for a large tile spanning two cells with the gap between', () => {
    const gap = 10;
    const fit = fitGrid(layoutOf(6), 1920, 1080, gap);
    const big = tileBox(layoutOf(6).tiles[0]!, fit, gap);
    const small = tileBox(layoutOf(6).tiles[1]!, fit, gap);
    expect(big.width).toBeCloseTo(2 * small.width + gap);
    expect(small.width / small.height).toBeCloseTo(16 / 9);
    expect(small.x).toBeCloseTo(big.width + gap);
  });

  it('can sit at the top of the box', () => {
    expect(fitGrid(layoutOf(1), 1600, 1200, 0, 'top').top).toBe(0);
  });

  it('never returns negative sizes for a tiny box', () => {
    const fit = fitGrid(layoutOf(9), 5, 5, 8);
    expect(fit.cellWidth).toBe(0);
    expect(fit.width).toBeGreaterThanOrEqual(0);
  });
});

describe('wantsSubstream', () => {
  it('asks for the substream only for small tiles of three-wide grids, never full screen', () => {
    expect(wantsSubstream(layoutOf(1), 0, false)).toBe(false);
    expect(wantsSubstream(layoutOf(4), 3, false)).toBe(false);
    expect(wantsSubstream(layoutOf(6), 0, false)).toBe(false); // the large tile
    expect(wantsSubstream(layoutOf(6), 1, false)).toBe(true);
    expect(wantsSubstream(layoutOf(9), 8, false)).toBe(true);
    expect(wantsSubstream(layoutOf(9), 8, true)).toBe(false);
    expect(wantsSubstream(layoutOf(3), 5, false)).toBe(false); // no such tile
  });
});
