/** Pure geometry of the motion-zone editor: points in normalised coordinates ([0,1] each way). */

export type Point = [number, number];

/** Fewest points of a zone or mask (a triangle). */
export const MIN_POINTS = 3;
/** Most points of one polygon (the config's limit). */
export const MAX_POINTS = 64;

/** A point of a click at (clientX, clientY) over a box, clamped to the picture. */
export function toNormalised(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 10000) / 10000));
  return [clamp((clientX - box.left) / box.width), clamp((clientY - box.top) / box.height)];
}

/** Whether `p` is within `radiusPx` pixels of `q` on a picture of the given size. */
export function near(p: Point, q: Point, widthPx: number, heightPx: number, radiusPx = 12): boolean {
  return Math.hypot((p[0] - q[0]) * widthPx, (p[1] - q[1]) * heightPx) <= radiusPx;
}

/** Why a drawn polygon cannot be kept; undefined when it can. */
export function polygonProblem(points: Point[]): string | undefined {
  if (points.length < MIN_POINTS) return `A shape needs at least ${MIN_POINTS} points; this one has ${points.length}. Click more points on the picture.`;
  if (points.length > MAX_POINTS) return `A shape may have at most ${MAX_POINTS} points.`;
  if (Math.abs(area(points)) < 1e-6) return 'These points enclose no area. Spread them out.';
  return undefined;
}

/** Signed area (shoelace) in normalised units. */
export function area(points: Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** The points as an SVG `points` attribute. */
export function svgPoints(points: Point[]): string {
  return points.map(([x, y]) => `${x},${y}`).join(' ');
}

/** The first free id `prefix-N` (N from 1) among `taken`. */
export function nextId(prefix: string, taken: string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
