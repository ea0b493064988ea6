/**
 * What the viewer keeps between runs, validated on load: storage is outside the program's
 * control (another version, a hand edit, a broken write), so bad data yields defaults, not a crash.
 */
import { z } from 'zod';
import { CameraSite } from '@vigil/shared/config';
import { MAX_ROUTES, routesOf, SignalingRoute } from '@vigil/shared/pairing';
import { emptyAssignment, normalizeAssignment, type Assignment } from './assignment.ts';
import { isLayoutSize, type LayoutSize } from './layout.ts';
import type { PairedStreamer } from './streamers.ts';

/** Storage keys; each value is saved whole. */
export const STORAGE_KEYS = { streamers: 'streamers', grid: 'grid' } as const;
export type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];

const Camera = z.object({ id: z.string().max(64), name: z.string().max(128), state: z.string().max(32), site: CameraSite.optional().catch(undefined) });
/** A paired streamer as saved (also what a pairings bundle carries, see transfer.ts). */
export const StoredStreamer = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  name: z.string().min(1).max(128),
  url: z.string().regex(/^wss?:\/\//),
  fingerprint: z.string().optional(),
  token: z.string().optional(),
  credential: z
    .object({ viewerId: z.string().regex(/^[A-Za-z0-9_-]{22}$/), credential: z.string().regex(/^[A-Za-z0-9_-]{43}$/), staticKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/) })
    .optional(),
  cameras: z.array(Camera).max(256).default([]),
  addedAt: z.number().default(0),
  // Absent in entries saved before routes (one URL each): migrated to that one direct route below.
  // A broken list falls back the same way rather than dropping the pairing.
  routes: z.array(SignalingRoute).min(1).max(MAX_ROUTES).optional().catch(undefined),
  lastGood: z.string().optional().catch(undefined),
});
const CameraRef = z.object({ streamerId: z.string(), cameraId: z.string() });
const Grid = z.object({ layout: z.number(), assignment: z.array(CameraRef.nullable()).max(64) });

/** The saved grid: layout and which camera each tile shows. */
export interface GridState {
  layout: LayoutSize;
  assignment: Assignment;
}

/** The grid of a first run. */
export const DEFAULT_GRID: GridState = { layout: 4, assignment: emptyAssignment() };

/** Reads saved streamers; drops entries that fail validation (and duplicates). */
export function readStreamers(value: unknown): PairedStreamer[] {
  if (!Array.isArray(value)) return [];
  const out: PairedStreamer[] = [];
  for (const item of value) {
    const parsed = StoredStreamer.safeParse(item);
    if (!parsed.success || out.some((s) => s.id === parsed.data.id)) continue;
    const { routes, lastGood, ...rest } = parsed.data;
    const list = routes ?? routesOf({ url: rest.url, fingerprint: rest.fingerprint });
    const url = list.some((r) => r.url === rest.url) ? rest.url : list[0]!.url;
    out.push({ ...rest, url, routes: list, ...(lastGood && list.some((r) => r.url === lastGood) ? { lastGood } : {}) });
  }
  return out;
}

/** Reads the saved grid, or the default grid. */
export function readGrid(value: unknown): GridState {
  const parsed = Grid.safeParse(value);
  if (!parsed.success || !isLayoutSize(parsed.data.layout)) return DEFAULT_GRID;
  return { layout: parsed.data.layout, assignment: normalizeAssignment(parsed.data.assignment) };
}
