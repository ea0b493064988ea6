/**
 * Motion boxes from a live session's data channel (`{"type":"motion-boxes","boxes":[x,y,w,h,…]}`,
 * normalised to the picture), read defensively by the viewer's tiles and the streamer app's motion
 * preview: the channel is the engine's, but a bad message must never break a page.
 */
import type { MotionBox } from './events.ts';

/** Boxes drawn at most per tile (a flood of tiny blobs is noise, not information). */
export const MAX_BOXES = 32;
/** Boxes disappear when no update came for this long (the motion stopped or the channel did). */
export const BOX_TTL_MS = 1500;

const unit = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** The boxes of a data-channel message; undefined when it is not a well-formed motion-boxes message. */
export function readMotionBoxes(data: string): MotionBox[] | undefined {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return undefined;
  }
  const m = message as { type?: unknown; boxes?: unknown };
  if (m?.type !== 'motion-boxes' || !Array.isArray(m.boxes) || m.boxes.length % 4 !== 0) return undefined;
  const out: MotionBox[] = [];
  for (let i = 0; i + 3 < m.boxes.length && out.length < MAX_BOXES; i += 4) {
    const [x, y, w, h] = m.boxes.slice(i, i + 4) as unknown[];
    if (!unit(x) || !unit(y) || !unit(w) || !unit(h)) return undefined;
    out.push({ x, y, w: Math.min(w, 1 - x), h: Math.min(h, 1 - y) });
  }
  return out;
}
