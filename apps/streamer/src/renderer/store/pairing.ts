/** Paired viewers and live sessions (zustand), kept current by the engine's events. */
import { create } from 'zustand';
import type { PairedViewerView, SessionView } from '@vigil/shared/api';
import { useApp } from './app.ts';

export interface PairingState {
  viewers: PairedViewerView[];
  sessions: SessionView[];
  /** Viewers paired since the page opened (a code on screen is used up by each). */
  pairings: number;
  loaded: boolean;
  error: string | undefined;
  refresh(): Promise<void>;
  viewerPaired(viewer: PairedViewerView): void;
  viewerRenamed(viewer: PairedViewerView): void;
  viewerRevoked(id: string): void;
  sessionOpened(session: SessionView): void;
  sessionClosed(id: string): void;
}

/** The viewers-and-sessions store. */
export const usePairing = create<PairingState>()((set, get) => ({
  viewers: [],
  sessions: [],
  pairings: 0,
  loaded: false,
  error: undefined,
  async refresh() {
    const api = useApp.getState().api;
    if (!api) return;
    try {
      const [viewers, sessions] = await Promise.all([api.listViewers(), api.listSessions()]);
      set({ viewers, sessions, loaded: true, error: undefined });
    } catch (error) {
      set({ loaded: true, error: (error as Error).message });
    }
  },
  viewerPaired: (viewer) => set({ pairings: get().pairings + 1, viewers: [...get().viewers.filter((v) => v.id !== viewer.id), viewer] }),
  viewerRenamed: (viewer) => set({ viewers: get().viewers.map((v) => (v.id === viewer.id ? viewer : v)) }),
  viewerRevoked: (id) => set({ viewers: get().viewers.filter((v) => v.id !== id) }),
  // A viewer that opens a session was just seen: the engine marks it when it checks the credential.
  sessionOpened: (session) =>
    set({
      sessions: [...get().sessions.filter((s) => s.id !== session.id), session],
      viewers: get().viewers.map((v) => (v.id === session.viewer ? { ...v, lastSeen: Math.max(v.lastSeen ?? 0, session.startedAt) } : v)),
    }),
  sessionClosed: (id) => set({ sessions: get().sessions.filter((s) => s.id !== id) }),
}));
