/**
 * The Motion zones screen's state (zustand): which camera is being tuned, and the recent motion
 * events the engine reported on /api/events (newest first, one row per event id).
 */
import { create } from 'zustand';
import type { EngineEvent } from '@vigil/shared/api';

/** Events kept in the list. */
export const MAX_RECENT = 20;

export interface RecentMotion {
  id: string;
  camera: string;
  zones: string[];
  start: number;
  end: number | undefined;
  peakArea: number;
}

export interface MotionScreenState {
  cameraId: string | undefined;
  recent: RecentMotion[];
  select(cameraId: string): void;
  applyEvent(event: EngineEvent): void;
}

/** The motion screen store. */
export const useMotion = create<MotionScreenState>()((set, get) => ({
  cameraId: undefined,
  recent: [],
  select: (cameraId) => set({ cameraId }),
  applyEvent(event) {
    if (event.type !== 'motion') return;
    const e = event.transition.event;
    const row: RecentMotion = { id: e.id, camera: e.camera, zones: e.zones, start: e.start, end: e.end, peakArea: e.peakArea };
    const rest = get().recent.filter((r) => r.id !== e.id);
    set({ recent: [row, ...rest].sort((a, b) => b.start - a.start).slice(0, MAX_RECENT) });
  },
}));
