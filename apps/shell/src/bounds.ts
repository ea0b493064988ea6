/**
 * Remembered window bounds: restored only when they still fit on a connected display, so a
 * window saved on an unplugged monitor does not reopen off-screen.
 */
import { z } from 'zod';

/** A window rectangle. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Minimum visible part (px) of a restored window; less and the saved bounds are ignored. */
export const MIN_VISIBLE = { width: 120, height: 60 } as const;

const SavedBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
});

/** Saved bounds if valid and visible on one of `displays` (their work areas); else `fallback`. */
export function restoreBounds(saved: unknown, displays: readonly Bounds[], fallback: Pick<Bounds, 'width' | 'height'>): Partial<Bounds> {
  const parsed = SavedBounds.safeParse(saved);
  if (!parsed.success) return { ...fallback };
  const b = parsed.data;
  const visible = displays.some((d) => {
    const w = Math.min(b.x + b.width, d.x + d.width) - Math.max(b.x, d.x);
    const h = Math.min(b.y + b.height, d.y + d.height) - Math.max(b.y, d.y);
    return w >= MIN_VISIBLE.width && h >= MIN_VISIBLE.height;
  });
  return visible ? b : { ...fallback };
}
