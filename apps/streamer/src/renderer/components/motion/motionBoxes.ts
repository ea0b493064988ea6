/**
 * Motion boxes from the preview's data channel (`{"type":"motion-boxes","boxes":[x,y,w,h,…]}` or
 * boxes as {x,y,w,h}), normalised to the picture, read defensively.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Boxes drawn at most. */
export const MAX_BOXES = 32;
/** Boxes disappear when no update came for this long. */
export const BOX_TTL_MS = 1500;

const unit = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** The boxes of a message; undefined when it is not a motion-boxes message. */
export function readBoxes(data: string): Box[] | undefined {
  let m: { type?: unknown; boxes?: unknown };
  try {
    m = JSON.parse(data) as typeof m;
  } catch {
    return undefined;
  }
  if (m?.type !== 'motion-boxes' || !Array.isArray(m.boxes)) return undefined;
  const out: Box[] = [];
  const raw = m.boxes as unknown[];
  if (raw.every((b) => typeof b === 'number')) {
    for (let i = 0; i + 3 < raw.length && out.length < MAX_BOXES; i += 4) {
      const [x, y, w, h] = raw.slice(i, i + 4);
      if (unit(x) && unit(y) && unit(w) && unit(h)) out.push({ x, y, w: Math.min(w, 1 - x), h: Math.min(h, 1 - y) });
    }
    return out;
  }
  for (const b of raw.slice(0, MAX_BOXES)) {
    const { x, y, w, h } = (b ?? {}) as Record<string, unknown>;
    if (unit(x) && unit(y) && unit(w) && unit(h)) out.push({ x, y, w: Math.min(w, 1 - x), h: Math.min(h, 1 - y) });
  }
  return out;
}
