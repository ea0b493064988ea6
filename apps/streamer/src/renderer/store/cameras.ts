/**
 * The cameras as the engine reports them (zustand): loaded from GET /api/cameras, states kept
 * current by camera-state events, figures (fps, bitrate, viewers) refreshed by polling.
 */
import { create } from 'zustand';
import type { CameraView } from '@vigil/shared/api';
import type { CameraState } from '@vigil/shared/config';
import { useApp } from './app.ts';

export interface CamerasState {
  cameras: CameraView[];
  loaded: boolean;
  /** Why the list could not be loaded, if it could not. */
  error: string | undefined;
  refresh(): Promise<void>;
  /** Puts a camera the API just returned in the list (add or update). */
  upsert(view: CameraView): void;
  applyState(state: CameraState): void;
  removed(id: string): void;
}

/** The cameras store. */
export const useCameras = create<CamerasState>()((set, get) => ({
  cameras: [],
  loaded: false,
  error: undefined,
  async refresh() {
    const api = useApp.getState().api;
    if (!api) return;
    try {
      set({ cameras: await api.listCameras(), loaded: true, error: undefined });
    } catch (error) {
      set({ loaded: true, error: (error as Error).message });
    }
  },
  upsert(view) {
    const exists = get().cameras.some((c) => c.config.id === view.config.id);
    set({ cameras: exists ? get().cameras.map((c) => (c.config.id === view.config.id ? view : c)) : [...get().cameras, view] });
  },
  applyState(state) {
    set({ cameras: get().cameras.map((c) => (c.config.id === state.id ? { ...c, state, stats: { ...c.stats, restarts: state.restarts } } : c)) });
  },
  removed: (id) => set({ cameras: get().cameras.filter((c) => c.config.id !== id) }),
}));

/** One camera by id (undefined once removed). */
export function useCamera(id: string | undefined): CameraView | undefined {
  return useCameras((s) => (id ? s.cameras.find((c) => c.config.id === id) : undefined));
}
