/**
 * Remembered window bounds, brought back onto a connected display: a window saved partly off the
 * edge, larger than the display it now has, or on a monitor that was unplugged reopens whole and
 * visible instead of off-screen.
 */
import { z } from 'zod';

/** A window rectangle. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SavedBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
});

/** Area shared by two rectangles (0 when apart). */
function overlap(a: Bounds, b: Bounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** `b` shrunk to fit `display` and moved inside it. */
export function clampToDisplay(b: Bounds, display: Bounds): Bounds {
  const width = Math.min(b.width, display.width);
  const height = Math.min(b.height, display.height);
  return {
    x: clamp(b.x, display.x, display.x + display.width - width),
    y: clamp(b.y, display.y, display.y + display.height - height),
    width,
    height,
  };
}

/**
 * Saved bounds made visible on `displays` (their work areas): clamped to the display they overlap
 * most, or, when they overlap none (that monitor is gone), centred on the first display at the
 * saved size. Invalid saved bounds, or no display at all, give `fallback` (Electron centres it).
 */
export function restoreBounds(saved: unknown, displays: readonly Bounds[], fallback: Pick<Bounds, 'width' | 'height'>): Partial<Bounds> {
  const parsed = SavedBounds.safeParse(saved);
  if (!parsed.success || displays.length === 0) return { ...fallback };
  const b = parsed.data;
  let best = displays[0]!;
  for (const display of displays) if (overlap(b, display) > overlap(b, best)) best = display;
  if (overlap(b, best) > 0) return clampToDisplay(b, best);
  const centred = { ...b, x: best.x + Math.round((best.width - b.width) / 2), y: best.y + Math.round((best.height - b.height) / 2) };
  return clampToDisplay(centred, best);
}
