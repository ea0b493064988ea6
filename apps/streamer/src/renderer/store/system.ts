/**
 * The System screen's state (zustand): the latest figures from GET /api/system, a short history
 * of CPU figures for the sparklines, and the engine's recent log lines (fetched incrementally).
 */
import { create } from 'zustand';
import type { LogLine, SystemView } from '@vigil/shared/api';
import { createSystemClient, type SystemClient } from '../api/system.ts';
import { useApp } from './app.ts';

/** CPU samples kept for the sparklines. */
export const HISTORY = 60;
/** Log lines kept in the page. */
export const MAX_LINES = 500;

export interface SystemState {
  view: SystemView | undefined;
  cpuHistory: { process: number; machine: number }[];
  logs: LogLine[];
  error: string | undefined;
  refresh(): Promise<void>;
}

let cached: { api: unknown; client: SystemClient } | undefined;
function client(): SystemClient | undefined {
  const api = useApp.getState().api;
  if (!api) return undefined;
  if (cached?.api !== api) cached = { api, client: createSystemClient(api.connection, () => void api.listCameras().catch(() => undefined)) };
  return cached.client;
}

/** The system store. */
export const useSystem = create<SystemState>()((set, get) => ({
  view: undefined,
  cpuHistory: [],
  logs: [],
  error: undefined,
  async refresh() {
    const api = client();
    if (!api) return;
    try {
      const since = get().logs.at(-1)?.seq ?? 0;
      const [view, lines] = await Promise.all([api.view(), api.logs(since)]);
      // Two refreshes can overlap (a slow engine): only lines newer than the ones kept are added.
      // An engine restart starts its sequence again: then the list starts again too.
      const kept = get().logs;
      const last = kept.at(-1)?.seq ?? 0;
      const restarted = lines.length > 0 && lines[0]!.seq <= since;
      const logs = (restarted ? lines : [...kept, ...lines.filter((l) => l.seq > last)]).slice(-MAX_LINES);
      set({ view, logs, error: undefined, cpuHistory: [...get().cpuHistory, { process: view.cpu.process, machine: view.cpu.machine }].slice(-HISTORY) });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
