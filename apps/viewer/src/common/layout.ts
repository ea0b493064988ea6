/**
 * Grid layouts of the live view. Every cell is 16:9 and every tile spans as many rows as columns,
 * so each tile keeps the 16:9 shape of a camera picture (no stretched or cropped video):
 *
 *   1: ▢    2: ▢▢    3: ▣▢   4: ▢▢   6: ▣▢   9: ▢▢▢
 *                       ▣▢      ▢▢      ▣▢      ▢▢▢
 *                                       ▢▢▢     ▢▢▢
 */

/** Number of tiles a layout shows. */
export const LAYOUT_SIZES = [1, 2, 3, 4, 6, 9] as const;
export type LayoutSize = (typeof LAYOUT_SIZES)[number];

/** The most tiles any layout shows; assignments keep this many slots. */
export const MAX_TILES = 9;

/** Width over height of one cell. */
export const TILE_ASPECT = 16 / 9;

/** Where one tile sits in the grid (0-based cell coordinates). */
export interface TileRect {
  col: number;
  row: number;
  span: number;
}

export interface Layout {
  size: LayoutSize;
  cols: number;
  rows: number;
  tiles: TileRect[];
}

const rect = (col: number, row: number, span = 1): TileRect => ({ col, row, span });

function uniform(size: LayoutSize, cols: number, rows: number): Layout {
  const tiles: TileRect[] = [];
  for (let i = 0; i < size; i++) tiles.push(rect(i % cols, Math.floor(i / cols)));
  return { size, cols, rows, tiles };
}

const LAYOUTS: Record<LayoutSize, Layout> = {
  1: uniform(1, 1, 1),
  2: uniform(2, 2, 1),
  // One large tile (2×2 cells) and a column of two small ones.
  3: { size: 3, cols: 3, rows: 2, tiles: [rect(0, 0, 2), rect(2, 0), rect(2, 1)] },
  4: uniform(4, 2, 2),
  // One large tile and five small ones around its right and bottom edges.
  6: { size: 6, cols: 3, rows: 3, tiles: [rect(0, 0, 2), rect(2, 0), rect(2, 1), rect(0, 2), rect(1, 2), rect(2, 2)] },
  9: uniform(9, 3, 3),
};

/** True when `value` names one of the layouts. */
export function isLayoutSize(value: unknown): value is LayoutSize {
  return typeof value === 'number' && (LAYOUT_SIZES as readonly number[]).includes(value);
}

/** The geometry of a layout. */
export function layoutOf(size: LayoutSize): Layout {
  return LAYOUTS[size];
}

/** Pixel box of a grid fitted into a container (centred, 16:9 cells, `gap` pixels between cells). */
export interface GridFit {
  width: number;
  height: number;
  cellWidth: number;
  cellHeight: number;
  left: number;
  top: number;
}

/**
 * Fits a layout's grid into a `width`×`height` box as large as possible without distortion,
 * centred horizontally; vertically centred, or at the top with `align: 'top'`.
 */
export function fitGrid(layout: Layout, width: number, height: number, gap = 0, align: 'center' | 'top' = 'center'): GridFit {
  const freeW = Math.max(0, width - gap * (layout.cols - 1));
  const freeH = Math.max(0, height - gap * (layout.rows - 1));
  // The cell is limited either by the width or by the height of the box.
  const cellWidth = Math.max(0, Math.min(freeW / layout.cols, (freeH / layout.rows) * TILE_ASPECT));
  const cellHeight = cellWidth / TILE_ASPECT;
  const gridW = cellWidth * layout.cols + gap * (layout.cols - 1);
  const gridH = cellHeight * layout.rows + gap * (layout.rows - 1);
  return {
    width: gridW,
    height: gridH,
    cellWidth,
    cellHeight,
    left: Math.max(0, (width - gridW) / 2),
    top: align === 'top' ? 0 : Math.max(0, (height - gridH) / 2),
  };
}

/** Pixel box of one tile inside a fitted grid (relative to the grid's top-left corner). */
export function tileBox(tile: TileRect, fit: GridFit, gap = 0): { x: number; y: number; width: number; height: number } {
  return {
    x: tile.col * (fit.cellWidth + gap),
    y: tile.row * (fit.cellHeight + gap),
    width: tile.span * fit.cellWidth + (tile.span - 1) * gap,
    height: tile.span * fit.cellHeight + (tile.span - 1) * gap,
  };
}

/**
 * Whether a tile should ask for the camera's low-resolution substream: small tiles of a grid
 * three cells wide do not need the main stream's pixels, and the streamer and the network carry
 * far less. A tile shown full screen, or a large one, gets the main stream.
 */
export function wantsSubstream(layout: Layout, slot: number, fullscreen: boolean): boolean {
  const tile = layout.tiles[slot];
  return !fullscreen && !!tile && tile.span === 1 && layout.cols >= 3;
}
