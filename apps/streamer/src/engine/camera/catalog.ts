/**
 * The camera catalog: each camera's config joined with its live state. Modules ask it "what is
 * this camera and how is it doing" (its config, state, figures, cached GOP, who watches it)
 * instead of reaching into the config store and the camera manager themselves.
 *
 * The live side is attached once the manager runs (`attachLive`), and watchers once the
 * signalling bridge and the previews exist (`addWatchers`); before that a camera reads as
 * `stopped`, with no figures and nobody watching.
 */
import type { CameraConfig, CameraState } from '@vigil/shared/config';
import type { EngineConfig } from '@vigil/shared/engine-config';
import type { CameraManager, CameraStats } from './manager.ts';

/** Something that holds live sessions of cameras (the signalling bridge, the UI's previews). */
export interface Watchers {
  liveSessionsOf(cameraId: string): { sendEvent(event: unknown): void }[];
}

/** One camera as lists show it: id, name, state and, when set, its site. */
export interface CameraSummary {
  id: string;
  name: string;
  state: CameraState['state'];
  site?: string;
}

/** Creates a catalog over the config store; attach the live side once the cameras run. */
export function createCameraCatalog(store: { current(): Pick<EngineConfig, 'cameras'> }) {
  let live: Pick<CameraManager, 'states' | 'stats' | 'cachedGop'> | undefined;
  const watchers: Watchers[] = [];
  const catalog = {
    /** Every configured camera's config, in config order. */
    configs: (): readonly CameraConfig[] => store.current().cameras,
    /** One camera's config, or undefined when no such camera is configured. */
    config: (id: string): CameraConfig | undefined => store.current().cameras.find((c) => c.id === id),
    /** Whether a camera is configured. */
    has: (id: string): boolean => store.current().cameras.some((c) => c.id === id),
    /** The live state of every running camera. */
    states: (): CameraState[] => live?.states() ?? [],
    /** A camera's live state; `stopped` when it does not run. */
    state: (id: string): CameraState['state'] => live?.states().find((s) => s.id === id)?.state ?? 'stopped',
    /** A camera's live figures. */
    stats: (id: string): CameraStats | undefined => live?.stats(id),
    /** A camera's cached GOP (RTP packets) for colour snapshots. */
    cachedGop: (id: string): Buffer[] => live?.cachedGop(id) ?? [],
    /** The configured cameras with their states, as viewers and the System screen list them. */
    summaries: (): CameraSummary[] => store.current().cameras.map((c) => ({ id: c.id, name: c.name, state: catalog.state(c.id), ...(c.site ? { site: c.site } : {}) })),
    /** Every live session watching a camera (viewers and previews alike), for overlays and labels. */
    sessionsOf: (id: string) => watchers.flatMap((w) => w.liveSessionsOf(id)),
    /** Attaches the running cameras. */
    attachLive(manager: Pick<CameraManager, 'states' | 'stats' | 'cachedGop'>): void {
      live = manager;
    },
    /** Adds a holder of live sessions. */
    addWatchers(...holders: Watchers[]): void {
      watchers.push(...holders);
    },
  };
  return catalog;
}
export type CameraCatalog = ReturnType<typeof createCameraCatalog>;

/** Logs a camera's state change: a warning when it failed or reconnects. */
export function logCameraState(s: CameraState): void {
  (s.state === 'failed' || s.state === 'reconnecting' ? console.warn : console.info)(`camera ${s.id}: ${s.state}${s.message ? ` (${s.message})` : ''}`);
}
