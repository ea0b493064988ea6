/**
 * The Remote access screen's state (zustand): the engine's RemoteStatus (kept current by
 * `remote-status` events), the settings as the form edits them, and a running "test from outside".
 */
import { create } from 'zustand';
import type { RemoteSettingsPatch, RemoteSettingsView, RemoteStatus } from '@vigil/shared/remote';
import { createRemoteClient, type RemoteClient } from '../api/remote.ts';
import { useApp } from './app.ts';

export interface RemoteState {
  status: RemoteStatus | undefined;
  settings: RemoteSettingsView | undefined;
  /** The last failed read, in the engine's words. */
  error: string | undefined;
  testing: boolean;
  /** Why the last test could not run (not: why the streamer is unreachable; that is in lastTest). */
  testError: string | undefined;
  refresh(): Promise<void>;
  test(): Promise<void>;
  /** Saves a patch; throws the engine's refusal (ApiRequestError) for the form to show. */
  save(patch: RemoteSettingsPatch): Promise<void>;
  applyStatus(status: RemoteStatus): void;
}

let cached: { api: unknown; client: RemoteClient } | undefined;
function client(): RemoteClient | undefined {
  const api = useApp.getState().api;
  if (!api) return undefined;
  // A refused token shows the token screen: listCameras runs the app client's 401 handling.
  if (cached?.api !== api) cached = { api, client: createRemoteClient(api.connection, () => void api.listCameras().catch(() => undefined)) };
  return cached.client;
}

/** The remote-access store. */
export const useRemote = create<RemoteState>()((set) => ({
  status: undefined,
  settings: undefined,
  error: undefined,
  testing: false,
  testError: undefined,
  async refresh() {
    const api = client();
    if (!api) return;
    try {
      const [status, settings] = await Promise.all([api.status(), api.settings()]);
      set({ status, settings, error: undefined });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async test() {
    const api = client();
    if (!api) return;
    set({ testing: true, testError: undefined });
    try {
      const lastTest = await api.test();
      set((s) => ({ status: s.status ? { ...s.status, lastTest } : s.status }));
    } catch (error) {
      set({ testError: (error as Error).message });
    } finally {
      set({ testing: false });
    }
  },
  async save(patch) {
    const api = client();
    if (!api) return;
    const status = await api.save(patch);
    set({ status, settings: await api.settings() });
  },
  applyStatus: (status) => set({ status }),
}));
