/**
 * Which camera each tile of the grid shows. Slots are kept for all nine tiles, so switching from
 * 9 tiles to 4 and back does not forget the five hidden assignments.
 */
import { MAX_TILES } from './layout.ts';

/** A camera of a paired streamer. */
export interface CameraRef {
  streamerId: string;
  cameraId: string;
}

/** One entry per tile; null for an empty tile. */
export type Assignment = readonly (CameraRef | null)[];

/** An assignment with every tile empty. */
export function emptyAssignment(): Assignment {
  return Array.from({ length: MAX_TILES }, () => null);
}

/** True when both refer to the same camera. */
export function sameCamera(a: CameraRef | null | undefined, b: CameraRef | null | undefined): boolean {
  return !!a && !!b && a.streamerId === b.streamerId && a.cameraId === b.cameraId;
}

/** Stable text key of a camera (for React keys and maps). */
export function cameraKey(ref: CameraRef): string {
  return `${ref.streamerId}/${ref.cameraId}`;
}

/** Brings any array to MAX_TILES slots (extra slots dropped, missing ones empty). */
export function normalizeAssignment(slots: readonly (CameraRef | null | undefined)[]): Assignment {
  return Array.from({ length: MAX_TILES }, (_, i) => slots[i] ?? null);
}

/**
 * Puts `camera` on tile `slot`. A camera shows on one tile at most: if it was on another tile, the
 * two tiles swap, so dropping a camera onto an occupied tile never loses the other camera.
 */
export function assignCamera(assignment: Assignment, slot: number, camera: CameraRef): Assignment {
  if (!inRange(slot)) return assignment;
  const next = normalizeAssignment(assignment);
  const from = next.findIndex((c) => sameCamera(c, camera));
  if (from === slot) return assignment;
  const displaced = next[slot] ?? null;
  const out = [...next];
  out[slot] = { ...camera };
  if (from >= 0) out[from] = displaced;
  return out;
}

/** Swaps the cameras of two tiles (a tile dragged onto another). */
export function swapTiles(assignment: Assignment, a: number, b: number): Assignment {
  if (!inRange(a) || !inRange(b) || a === b) return assignment;
  const out = [...normalizeAssignment(assignment)];
  [out[a], out[b]] = [out[b] ?? null, out[a] ?? null];
  return out;
}

/** Empties one tile. */
export function clearTile(assignment: Assignment, slot: number): Assignment {
  if (!inRange(slot) || !assignment[slot]) return assignment;
  const out = [...normalizeAssignment(assignment)];
  out[slot] = null;
  return out;
}

/** Empties every tile that shows a camera of `streamerId` (the streamer was removed). */
export function removeStreamer(assignment: Assignment, streamerId: string): Assignment {
  if (!assignment.some((c) => c?.streamerId === streamerId)) return assignment;
  return normalizeAssignment(assignment).map((c) => (c?.streamerId === streamerId ? null : c));
}

/** First empty tile among the first `visible` ones, or -1. */
export function firstEmptyTile(assignment: Assignment, visible: number): number {
  for (let i = 0; i < Math.min(visible, MAX_TILES); i++) if (!assignment[i]) return i;
  return -1;
}

function inRange(slot: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < MAX_TILES;
}
