/**
 * Sites of a streamer's cameras ("Home", "Shop") and "show this site": the grid filled with one
 * site's cameras in the smallest layout that holds them.
 */
import { groupBySite, siteKey, type SiteGroup } from '@vigil/shared/config';
import { normalizeAssignment, type CameraRef } from './assignment.ts';
import { LAYOUT_SIZES, MAX_TILES, type LayoutSize } from './layout.ts';
import type { GridState } from './persisted.ts';
import type { CameraInfo, PairedStreamer } from './streamers.ts';

/** A streamer's cameras by site: named sites alphabetically, cameras without a site last. */
export function sitesOf(cameras: readonly CameraInfo[]): SiteGroup<CameraInfo>[] {
  return groupBySite(cameras, (c) => c.site);
}

/** The smallest layout with at least `count` tiles (9 for more than 9, 1 for none). */
export function layoutFor(count: number): LayoutSize {
  return LAYOUT_SIZES.find((size) => size >= count) ?? MAX_TILES;
}

/**
 * The grid that shows the cameras of `site` (a siteKey) of `streamer`: the first nine, in the
 * streamer's order, every other tile empty. Undefined when the site has no camera.
 */
export function siteGrid(streamer: PairedStreamer, site: string): GridState | undefined {
  return gridOf(streamer.id, streamer.cameras.filter((c) => siteKey(c.site) === site));
}

/**
 * The grid right after pairing `streamer`: when `grid` shows no camera, the streamer's first nine
 * in the smallest layout that holds them, so a newcomer sees the cameras without dragging. A grid
 * that shows anything is the owner's arrangement and stays (undefined).
 */
export function filledAfterPairing(grid: GridState, streamer: PairedStreamer): GridState | undefined {
  return grid.assignment.some(Boolean) ? undefined : gridOf(streamer.id, streamer.cameras);
}

/** `cameras` (the first nine) of one streamer in the smallest layout that holds them; none: undefined. */
function gridOf(streamerId: string, cameras: readonly CameraInfo[]): GridState | undefined {
  const refs: CameraRef[] = cameras.slice(0, MAX_TILES).map((c) => ({ streamerId, cameraId: c.id }));
  if (refs.length === 0) return undefined;
  return { layout: layoutFor(refs.length), assignment: normalizeAssignment(refs) };
}
