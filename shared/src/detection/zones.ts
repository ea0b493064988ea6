/** Where a detected object stands: the zones containing its box's bottom centre (its feet). */
import type { DetectionLabel } from './label.ts';

type Point = readonly [number, number];

/** Even-odd rule; points on an edge may fall either way, which is fine for hand-drawn zones. */
export function pointInPolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Ids of the zones an object stands in. The bottom centre of its box is where a person or a car
 * touches the ground, so a person walking past the end of a driveway zone is not "in" it.
 */
export function zonesOfLabel(label: Pick<DetectionLabel, 'box'>, zones: ReadonlyArray<{ id: string; polygon: readonly Point[] }>): string[] {
  const foot: Point = [(label.box[0] + label.box[2]) / 2, label.box[3]];
  return zones.filter((zone) => pointInPolygon(foot, zone.polygon)).map((zone) => zone.id);
}
