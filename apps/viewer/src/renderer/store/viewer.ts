/**
 * The viewer's state (zustand): paired streamers with their cameras and presence, the grid, and
 * which screen is shown. Pure rules live in ../../common; this module wires them to storage and
 * to the signalling hub.
 */
import { create } from 'zustand';
import { parsePairingUri, type SignalingRoute } from '@vigil/shared/pairing';
import type { DetectionLabel } from '@vigil/shared/detection';
import type { ClientState } from '@vigil/signaling/client';
import { assignCamera, clearTile, removeStreamer, swapTiles, type Assignment, type CameraRef } from '../../common/assignment.ts';
import { CAMERAS_REQUEST, parseCamerasResponse } from '../../common/cameras.ts';
import type { LayoutSize } from '../../common/layout.ts';
import { readGrid, readStreamers, STORAGE_KEYS, DEFAULT_GRID, type GridState } from '../../common/persisted.ts';
import { filledAfterPairing, siteGrid } from '../../common/sites.ts';
import { pinsOf, type Platform } from '../../common/platform.ts';
import type { RouteReadiness } from '../../common/routes.ts';
import { addStreamer, removeStreamerFrom, renameStreamer, setCameras, setLastGood, setRoutes, type PairedStreamer } from '../../common/streamers.ts';
import { mergePairings } from '../../common/transfer.ts';
import { SignalingHub } from '../signaling/hub.ts';
import { RoutesRefresh } from '../signaling/routesRefresh.ts';

export type Screen = 'live' | 'streamers' | 'add';

/** Labels of a camera's latest detection result, and when they came. */
export interface TileLabels {
  labels: DetectionLabel[];
  at: number;
}
/** Labels stay drawn this long after their result (a result comes once or twice per event). */
export const LABEL_TTL_MS = 10_000;
/** The key of a camera's labels. */
export const labelKey = (streamerId: string, camera: string) => `${streamerId}/${camera}`;

export interface ViewerState {
  loaded: boolean;
  platform: Platform | undefined;
  streamers: PairedStreamer[];
  /** true online, false offline, undefined unknown (server unreachable or not yet told). */
  presence: Record<string, boolean | undefined>;
  /** Why a streamer's camera list could not be fetched. */
  cameraErrors: Record<string, string>;
  connections: Record<string, ClientState>;
  /** How each route of each streamer stands: streamer id → route URL → readiness. */
  routeStates: Record<string, Record<string, RouteReadiness>>;
  grid: GridState;
  /** The tile shown alone, or null. */
  fullscreen: number | null;
  /** Draw the streamer's motion boxes over the tiles. */
  showMotion: boolean;
  setShowMotion(show: boolean): void;
  /** The detector's latest labels per camera (key: labelKey), drawn with the motion boxes. */
  labels: Record<string, TileLabels>;
  setLabels(key: string, labels: DetectionLabel[]): void;
  /** The streamer said its routes changed: ask it for them now (signed reply). */
  routesChanged(streamerId: string): void;
  screen: Screen;

  init(platform: Platform): Promise<void>;
  setScreen(screen: Screen): void;
  /** Pairs from a pairing URI; resolves with an error sentence when the code or pairing fails. */
  addFromUri(text: string): Promise<{ ok: true; streamer: PairedStreamer; added: boolean } | { ok: false; error: string }>;
  /** Adds the streamers of an opened pairings bundle (common/transfer.ts); counts what changed. */
  importPairings(streamers: readonly PairedStreamer[]): { added: number; updated: number; unchanged: number };
  rename(id: string, name: string): void;
  remove(id: string): void;
  refreshCameras(id: string): Promise<void>;
  /** Remembers the route that worked for a streamer (persisted as its `lastGood`). */
  rememberRoute(id: string, url: string): void;
  /** Replaces a streamer's routes (its signed `routes` reply, already checked). */
  updateRoutes(id: string, routes: SignalingRoute[]): void;
  setLayout(layout: LayoutSize): void;
  /** Fills the grid with the cameras of one site (a siteKey) of a streamer, in the smallest layout that holds them. */
  showSite(streamerId: string, site: string): void;
  assign(slot: number, camera: CameraRef): void;
  swap(a: number, b: number): void;
  clear(slot: number): void;
  setFullscreen(slot: number | null): void;
}

/** The signalling connections of the paired streamers (one per distinct route URL). */
export const hub = new SignalingHub({
  presence: (id, online) => {
    const was = useViewer.getState().presence[id];
    useViewer.setState((s) => ({ presence: { ...s.presence, [id]: online } }));
    if (online && !was) void useViewer.getState().refreshCameras(id);
  },
  connection: (url, state) => useViewer.setState((s) => ({ connections: { ...s.connections, [url]: state } })),
  routeUp: (id) => {
    // Ready before a tile asks: one signed round trip each, cached.
    void hub.ice.get(id);
    void routesRefresh.refresh(id);
  },
  worked: (id, url) => useViewer.getState().rememberRoute(id, url),
  route: (id, url, readiness) => {
    if (useViewer.getState().routeStates[id]?.[url] === readiness) return;
    useViewer.setState((s) => ({ routeStates: { ...s.routeStates, [id]: { ...s.routeStates[id], [url]: readiness } } }));
  },
});

/** Asks the paired streamers for their current routes. */
const routesRefresh = new RoutesRefresh({
  hub,
  streamers: () => useViewer.getState().streamers,
  save: (id, routes) => useViewer.getState().updateRoutes(id, routes),
});

/** How this viewer names itself to a streamer (shown in the streamer's list of paired viewers). */
function viewerName(kind: 'browser' | 'electron' | undefined): string {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /Linux/.test(ua) ? 'Linux' : 'a computer';
  return `${kind === 'electron' ? 'Vigil viewer' : 'Browser'} on ${os}`;
}

export const useViewer = create<ViewerState>()((set, get) => {
  const saveStreamers = (streamers: PairedStreamer[]) => {
    set({ streamers });
    // Pins first: Electron must know a new server's key before the hub connects to it.
    const pinned = get().platform?.setPins?.(pinsOf(streamers)) ?? Promise.resolve();
    void pinned.catch(() => undefined).then(() => hub.sync(get().streamers));
    void get().platform?.storage.save(STORAGE_KEYS.streamers, streamers);
  };
  const saveGrid = (grid: GridState) => {
    set({ grid });
    void get().platform?.storage.save(STORAGE_KEYS.grid, grid);
  };
  const setAssignment = (assignment: Assignment) => {
    if (assignment !== get().grid.assignment) saveGrid({ ...get().grid, assignment });
  };
  // Streamers paired in this session whose cameras have not been listed yet: the first list
  // fills an empty grid (common/sites.ts), once; dragging rearranges it from there.
  const justPaired = new Set<string>();
  const fillAfterPairing = (id: string) => {
    const streamer = get().streamers.find((s) => s.id === id);
    if (!justPaired.has(id) || !streamer || streamer.cameras.length === 0) return;
    justPaired.delete(id);
    const grid = filledAfterPairing(get().grid, streamer);
    if (grid) saveGrid(grid);
  };
  // One pending follow-up refresh per streamer while its cameras are starting; a few at most,
  // since a camera that stays "starting" (unreachable) is the minute refresh's business.
  const FOLLOW_UP_MS = 3000;
  const MAX_FOLLOW_UPS = 10;
  const followUps = new Map<string, { timer: ReturnType<typeof setTimeout> | undefined; count: number }>();
  const followUp = (id: string) => {
    const entry = followUps.get(id) ?? { timer: undefined, count: 0 };
    if (entry.timer !== undefined || entry.count >= MAX_FOLLOW_UPS) return;
    entry.count++;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (get().presence[id]) void get().refreshCameras(id);
    }, FOLLOW_UP_MS);
    followUps.set(id, entry);
  };

  return {
    loaded: false,
    platform: undefined,
    streamers: [],
    presence: {},
    cameraErrors: {},
    connections: {},
    routeStates: {},
    grid: DEFAULT_GRID,
    fullscreen: null,
    showMotion: true,
    setShowMotion: (showMotion) => set({ showMotion }),
    labels: {},
    setLabels: (key, labels) => set({ labels: { ...get().labels, [key]: { labels, at: Date.now() } } }),
    routesChanged: (streamerId) => void routesRefresh.refresh(streamerId, true),
    screen: 'live',

    async init(platform) {
      const [streamers, grid] = await Promise.all([
        platform.storage.load(STORAGE_KEYS.streamers).then(readStreamers),
        platform.storage.load(STORAGE_KEYS.grid).then(readGrid),
      ]);
      set({ platform, streamers, grid, loaded: true, screen: streamers.length === 0 ? 'add' : 'live' });
      await platform.setPins?.(pinsOf(streamers)).catch(() => undefined);
      hub.sync(streamers);
      routesRefresh.start();
    },

    setScreen: (screen) => set({ screen, fullscreen: null }),

    async addFromUri(text) {
      const parsed = parsePairingUri(text);
      if (!parsed.ok) return parsed;
      // Electron must accept the new server's key before the hub dials it.
      await get().platform?.setPins?.(pinsOf([...get().streamers, parsed.offer])).catch(() => undefined);
      let paired;
      try {
        paired = await hub.pair(parsed.offer, viewerName(get().platform?.kind));
      } catch (error) {
        return { ok: false, error: `pairing failed: ${(error as Error).message}` };
      }
      const { list, added } = addStreamer(get().streamers, parsed.offer, Date.now(), paired);
      saveStreamers(list);
      const streamer = list.find((s) => s.id === parsed.offer.streamerId)!;
      if (added) justPaired.add(streamer.id);
      if (get().presence[streamer.id]) void get().refreshCameras(streamer.id);
      return { ok: true, streamer, added };
    },

    importPairings(streamers) {
      const { list, ...counts } = mergePairings(get().streamers, streamers);
      if (counts.added + counts.updated > 0) saveStreamers(list);
      return counts;
    },

    rename: (id, name) => saveStreamers(renameStreamer(get().streamers, id, name)),

    remove(id) {
      saveStreamers(removeStreamerFrom(get().streamers, id));
      setAssignment(removeStreamer(get().grid.assignment, id));
    },

    async refreshCameras(id) {
      const streamer = get().streamers.find((s) => s.id === id);
      if (!streamer) return;
      let error: string | undefined;
      try {
        const result = parseCamerasResponse(await hub.request(streamer, CAMERAS_REQUEST));
        if (result.ok) {
          saveStreamers(setCameras(get().streamers, id, result.cameras));
          fillAfterPairing(id);
          // A camera still starting (just after pairing, or after the streamer restarted) is asked
          // about again soon, not at the next minute's refresh, so the list does not say
          // "starting" beside a tile that is already live.
          if (result.cameras.some((c) => c.state === 'starting' || c.state === 'reconnecting')) followUp(id);
          else if (followUps.get(id)?.timer === undefined) followUps.delete(id);
        } else error = result.error;
      } catch (e) {
        error = (e as Error).message;
      }
      const { [id]: _old, ...rest } = get().cameraErrors;
      set({ cameraErrors: error ? { ...rest, [id]: error } : rest });
    },

    rememberRoute(id, url) {
      const list = setLastGood(get().streamers, id, url);
      if (list !== get().streamers) saveStreamers(list);
    },

    updateRoutes: (id, routes) => saveStreamers(setRoutes(get().streamers, id, routes)),

    setLayout: (layout) => {
      saveGrid({ ...get().grid, layout });
      set({ fullscreen: null });
    },
    showSite(streamerId, site) {
      const streamer = get().streamers.find((s) => s.id === streamerId);
      const grid = streamer && siteGrid(streamer, site);
      if (!grid) return;
      saveGrid(grid);
      set({ fullscreen: null });
    },
    assign: (slot, camera) => setAssignment(assignCamera(get().grid.assignment, slot, camera)),
    swap: (a, b) => setAssignment(swapTiles(get().grid.assignment, a, b)),
    clear: (slot) => setAssignment(clearTile(get().grid.assignment, slot)),
    setFullscreen: (slot) => set({ fullscreen: slot }),
  };
});
