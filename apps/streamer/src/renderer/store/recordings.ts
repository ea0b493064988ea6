/**
 * The Recordings screen's state (zustand): the chosen camera and time range, the segments and
 * event marks in it, the play position, exports with their progress (from `recording-export`
 * events) and the last verification of each camera.
 */
import { create } from 'zustand';
import type { ExportProgress, RecordingSegmentView } from '@vigil/shared/recording';
import type { EngineEvent, StorageView, VerifyReportView } from '@vigil/shared/api';
import { createRecordingsClient, type RecordingsClient } from '../api/recordings.ts';
import { eventMarks, type TimelineEvent } from '../logic/recordings.ts';
import { useApp } from './app.ts';

/** One export the person started here. */
export interface ExportJob {
  id: string;
  camera: string;
  from: number;
  to: number;
  progress: ExportProgress;
}

export type VerifyState = { state: 'running' } | { state: 'done'; report: VerifyReportView; at: number } | { state: 'failed'; error: string };

export interface RecordingsState {
  cameraId: string | undefined;
  range: { from: number; to: number };
  /** The range follows the present (last hour, last 24 h): it slides forward on each reload. */
  live: boolean;
  segments: RecordingSegmentView[];
  events: TimelineEvent[];
  loading: boolean;
  error: string | undefined;
  /** The time being shown (ms since the epoch), or undefined before anything was picked. */
  playhead: number | undefined;
  /** The export range being marked, if any. */
  selection: { from: number; to: number } | undefined;
  exports: ExportJob[];
  verify: Record<string, VerifyState>;
  storage: StorageView | undefined;
  select(cameraId: string): void;
  setRange(range: { from: number; to: number }, live?: boolean): void;
  setPlayhead(time: number | undefined): void;
  setSelection(selection: { from: number; to: number } | undefined): void;
  load(): Promise<void>;
  loadStorage(): Promise<void>;
  startExport(): Promise<void>;
  runVerify(): Promise<void>;
  applyEvent(event: EngineEvent): void;
}

let cached: { api: unknown; client: RecordingsClient } | undefined;
/** The recordings client of the current connection (a 401 is reported through the app's client). */
export function recordingsClient(): RecordingsClient | undefined {
  const api = useApp.getState().api;
  if (!api) return undefined;
  if (cached?.api !== api) cached = { api, client: createRecordingsClient(api.connection, () => void api.listCameras().catch(() => undefined)) };
  return cached.client;
}
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const HOUR = 3_600_000;
/** How far past now a live range reaches, so the newest segment is never at the very edge. */
const LIVE_LEAD_MS = 60_000;

/** The recordings store. */
export const useRecordings = create<RecordingsState>()((set, get) => ({
  cameraId: undefined,
  range: { from: Date.now() + LIVE_LEAD_MS - HOUR, to: Date.now() + LIVE_LEAD_MS },
  live: true,
  segments: [],
  events: [],
  loading: false,
  error: undefined,
  playhead: undefined,
  selection: undefined,
  exports: [],
  verify: {},
  storage: undefined,
  select(cameraId) {
    if (cameraId === get().cameraId) return;
    set({ cameraId, segments: [], events: [], playhead: undefined, selection: undefined });
    void get().load();
  },
  setRange(range, live = false) {
    set({ range, live });
    void get().load();
  },
  setPlayhead: (playhead) => set({ playhead }),
  setSelection: (selection) => set({ selection }),
  async load() {
    const api = recordingsClient();
    const { cameraId, live } = get();
    if (!api || !cameraId) return;
    if (live) {
      const span = get().range.to - get().range.from;
      set({ range: { from: Date.now() + LIVE_LEAD_MS - span, to: Date.now() + LIVE_LEAD_MS } });
    }
    const { range } = get();
    set({ loading: true });
    try {
      const segments = await api.list(cameraId, range.from, range.to);
      if (get().cameraId !== cameraId) return;
      set({ segments, events: eventMarks(segments), error: undefined });
    } catch (error) {
      set({ error: message(error) });
    } finally {
      set({ loading: false });
    }
  },
  async loadStorage() {
    const api = recordingsClient();
    if (!api) return;
    try {
      set({ storage: await api.storage() });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async startExport() {
    const api = recordingsClient();
    const { cameraId, selection } = get();
    if (!api || !cameraId || !selection) return;
    try {
      const { id } = await api.startExport(cameraId, selection.from, selection.to);
      const known = get().exports.find((job) => job.id === id);
      const progress: ExportProgress = known?.progress ?? { id, fraction: 0, state: 'running' };
      set({ exports: [{ id, camera: cameraId, ...selection, progress }, ...get().exports.filter((job) => job.id !== id)] });
    } catch (error) {
      set({ error: `The export could not start: ${message(error)}` });
    }
  },
  async runVerify() {
    const api = recordingsClient();
    const cameraId = get().cameraId;
    if (!api || !cameraId) return;
    set({ verify: { ...get().verify, [cameraId]: { state: 'running' } } });
    let result: VerifyState;
    try {
      result = { state: 'done', report: await api.verify(cameraId), at: Date.now() };
    } catch (error) {
      result = { state: 'failed', error: message(error) };
    }
    set({ verify: { ...get().verify, [cameraId]: result } });
  },
  applyEvent(event) {
    if (event.type !== 'recording-export') return;
    const { progress } = event;
    const job = get().exports.find((j) => j.id === progress.id);
    // Progress can arrive before the POST's answer: keep it under a placeholder until then.
    if (job) set({ exports: get().exports.map((j) => (j.id === progress.id ? { ...j, progress } : j)) });
    else set({ exports: [...get().exports, { id: progress.id, camera: '', from: 0, to: 0, progress }] });
  },
}));
