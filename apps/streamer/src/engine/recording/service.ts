/**
 * The engine's recording service: the camera manager's RecordingHook (a record target per
 * spawn), closed-segment polling, motion-mode decisions, retention with a free-space guard,
 * alerts, listing, export and verification. Nothing runs until start().
 */
import { mkdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CameraConfig } from '@vigil/shared/config';
import { CameraRecording, RecordingStorage, type EventMark, type RecordingAlert, type RecordingSegmentView, type RecordingUsage } from '@vigil/shared/recording';
import type { RecordingHook } from '../camera/recording-hook.ts';
import { DEFAULT_FRAGMENT_MS } from '../ffmpeg/record.ts';
import { locateFfmpeg } from '../ffmpeg/locate.ts';
import { CameraRecorder } from './camera-recorder.ts';
import { freeBytes, isDiskFull } from './disk.ts';
import type { EventSource } from './events.ts';
import { exportClip, type ExportResult } from './export.ts';
import { ExportStore, type ExportStoreOptions } from './export-store.ts';
import { cameraDir } from './names.ts';
import type { RecordingEvent } from './events.ts';
import { planRetention, type CameraLimits, type Eviction } from './retention.ts';
import { thumbnailName } from './thumbnails.ts';
import { verifyPath, type VerifyReport } from './verify.ts';

/** An event as a timeline mark (labels included when a detector added them). */
function toMark(event: RecordingEvent): EventMark {
  return { id: event.id, start: Math.round(event.start), ...(event.end === undefined ? {} : { end: Math.round(event.end) }), ...(event.labels ? { labels: event.labels } : {}) };
}

/** Options of the recording service, each limit with its default. */
export interface RecordingServiceOptions {
  /** Engine-wide storage settings (root folder, total quota, free-space guard). */
  storage?: Partial<RecordingStorage>;
  /** Where exports go; default `<root>/exports`. */
  exportsDir?: string;
  /** How long exports are kept, how much they may take, how many run at once (see export-store.ts). */
  exports?: ExportStoreOptions;
  ffmpegPath?: string;
  /** Motion events for motion-only cameras and event marks; none: every motion camera keeps nothing. */
  events?: EventSource;
  /** How often the segment lists are read; default 500 ms. */
  pollMs?: number;
  /** How often retention runs besides after each closed segment; default 60 000 ms. */
  retentionIntervalMs?: number;
  /** Bytes freed beyond the guard when a write fails for lack of space; default 64 MiB. */
  diskFullFreeBytes?: number;
  /** MP4 fragment length in ms (the most a crash loses); default 1000. */
  fragmentMs?: number;
}

/** The recording service's API. */
export interface RecordingService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Pass as `recording` in the camera manager's options. */
  readonly hook: RecordingHook;
  /** Gives every configured camera's recording settings (retention applies to cameras not recording now too). */
  configure(cameras: readonly CameraConfig[]): void;
  /** Recorded segments of a camera overlapping [from, to], with event marks. */
  list(camera: string, from?: number, to?: number): RecordingSegmentView[];
  usage(): RecordingUsage[];
  /** Event marks of a camera overlapping [from, to] (no rolls), with their labels, oldest first. */
  events(camera: string, from: number, to: number): EventMark[];
  /** Path of a recorded (closed, not deleted) segment of a camera; undefined for any other name. */
  segmentPath(camera: string, file: string): string | undefined;
  /** The segment being written now (file, start, path), if the camera is recording. */
  openSegment(camera: string): Promise<{ file: string; start: number; path: string } | undefined>;
  /** Path of a segment's thumbnail JPEG, made now if missing; undefined for an unknown segment. */
  thumbnail(camera: string, file: string): Promise<string | undefined>;
  /**
   * Exports [from, to] of a camera as a self-verifying bundle folder; refused when it would not
   * fit the exports' limit or the disk's free space. The folder expires (ExportStoreOptions.ttlMs).
   */
  export(camera: string, from: number, to: number, onProgress?: (fraction: number) => void): Promise<ExportResult>;
  /** Deletes an export bundle its consumer is done with (a viewer's, once streamed to it). */
  releaseExport(folder: string): Promise<void>;
  /** Applies retention now; resolves with what was deleted. */
  enforceRetention(extraFreeBytes?: number): Promise<Eviction[]>;
  /** Verifies a camera folder, the root, an export bundle or a clip offline. */
  verify(path: string): Promise<VerifyReport>;
  onAlert(callback: (alert: RecordingAlert) => void): () => void;
}

/** Creates the recording service. */
export function createRecordingService(options: RecordingServiceOptions = {}): RecordingService {
  const storage = RecordingStorage.parse(options.storage ?? {});
  const root = resolve(storage.root);
  const exportsDir = options.exportsDir ?? resolve(root, 'exports');
  const ffmpegPath = options.ffmpegPath ?? locateFfmpeg();
  const exports = new ExportStore(exportsDir, options.exports);
  const recorders = new Map<string, CameraRecorder>();
  const alerts = new Set<(alert: RecordingAlert) => void>();
  let timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  let retention: Promise<Eviction[]> | undefined;

  const alert = (body: Omit<RecordingAlert, 'at'>) => {
    for (const callback of alerts) callback({ ...body, at: Date.now() });
  };

  const deps = {
    ffmpegPath,
    fragmentMs: options.fragmentMs ?? DEFAULT_FRAGMENT_MS,
    async onDiskFull(camera: string, error: unknown) {
      if (!isDiskFull(error)) throw error;
      alert({ kind: 'disk-full', camera, message: `The recordings disk is full (${(error as Error).message}); evicting the oldest footage.` });
      await runRetention(options.diskFullFreeBytes ?? 64 * 1024 ** 2, true);
    },
    onError(camera: string, message: string) {
      alert({ kind: 'manifest-failed', camera, message });
    },
  };

  function recorderFor(camera: string): CameraRecorder {
    let recorder = recorders.get(camera);
    if (!recorder) {
      recorder = new CameraRecorder(camera, cameraDir(root, camera), deps);
      recorders.set(camera, recorder);
    }
    return recorder;
  }

  function runRetention(extraFreeBytes = 0, diskFull = false): Promise<Eviction[]> {
    // One pass at a time: two passes would plan the same deletions.
    retention ??= retentionPass(extraFreeBytes, diskFull).finally(() => (retention = undefined));
    return retention;
  }

  async function retentionPass(extraFreeBytes: number, diskFull: boolean): Promise<Eviction[]> {
    const limits = new Map<string, CameraLimits>();
    const segments = [];
    for (const recorder of recorders.values()) {
      await recorder.ready.catch(() => {});
      const { retentionDays, eventRetentionDays, quotaBytes } = recorder.settings;
      limits.set(recorder.camera, { maxAgeMs: retentionDays * 86_400_000, maxEventAgeMs: eventRetentionDays * 86_400_000, quotaBytes });
      for (const segment of recorder.segments.values()) {
        segments.push({ ...segment, event: recorder.eventsIn(segment.start, segment.end).length > 0 });
      }
    }
    let free = await freeBytes(root);
    const minFreeBytes = storage.minFreeBytes + extraFreeBytes;
    // Exports go before any recording: they can be made again, the footage cannot.
    await exports.sweep(Date.now(), free !== undefined && free < minFreeBytes).catch(() => 0);
    free = await freeBytes(root);
    const evictions = planRetention({ segments, limits, totalQuotaBytes: storage.totalQuotaBytes, minFreeBytes, freeBytes: free, now: Date.now() });
    for (const eviction of evictions) await recorders.get(eviction.camera)?.delete(eviction.file, eviction.reason, diskFull).catch(() => {});
    const pressure = evictions.filter((eviction) => eviction.reason !== 'age');
    if (pressure.length > 0) {
      alert({ kind: 'evicted', message: `Deleted ${pressure.length} old segment(s) to stay within quota and free space.`, reason: pressure[0]!.reason, files: pressure.length });
    }
    return evictions;
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    for (const recorder of recorders.values()) {
      const before = recorder.segments.size;
      await recorder.poll().catch(() => {});
      if (recorder.settings.mode === 'motion') await recorder.decideMotion(now).catch(() => {});
      if (recorder.segments.size !== before) await runRetention().catch(() => []);
    }
  }

  const hook: RecordingHook = {
    target(config: CameraConfig) {
      const settings = config.recording ?? CameraRecording.parse({});
      // A camera switched off keeps its retention settings for the footage it already has.
      const known = recorders.get(config.id);
      if (known) known.settings = settings;
      if (settings.mode === 'off') return undefined;
      const recorder = recorderFor(config.id);
      recorder.settings = settings;
      return recorder.target();
    },
    exited(camera) {
      void recorders.get(camera)?.processExited().catch(() => {});
    },
    failed(camera, line) {
      alert({ kind: 'record-failed', camera, message: `Recording stopped (${line.slice(0, 200).replace(/[.\s]+$/, '')}); it restarts once space is freed.` });
      if (/space/i.test(line)) void deps.onDiskFull(camera, Object.assign(new Error(line), { code: 'ENOSPC' })).catch(() => {});
    },
  };

  return {
    hook,
    configure(cameras) {
      for (const camera of cameras) {
        const settings = camera.recording ?? CameraRecording.parse({});
        if (settings.mode !== 'off' || recorders.has(camera.id)) recorderFor(camera.id).settings = settings;
      }
    },
    async start() {
      mkdirSync(root, { recursive: true });
      // Folders of cameras recorded before: recover what a crash left open and keep retention going.
      for (const name of await readdir(root)) {
        if (name !== 'exports' && (await stat(resolve(root, name))).isDirectory() && /^[a-z0-9][a-z0-9-]{0,47}$/.test(name)) recorderFor(name);
      }
      await Promise.all([...recorders.values()].map((recorder) => recorder.ready.catch(() => {})));
      unsubscribe = options.events?.onEvent((event) => void recorderFor(event.camera).event(event).catch(() => {}));
      timers = [
        setInterval(() => void tick(), options.pollMs ?? 500),
        setInterval(() => void runRetention().catch(() => []), options.retentionIntervalMs ?? 60_000),
      ];
      await runRetention().catch(() => []);
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      unsubscribe?.();
      await retention?.catch(() => {});
      await Promise.all([...recorders.values()].map(async (recorder) => {
        await recorder.poll().catch(() => {});
        await recorder.shutdown();
      }));
      recorders.clear();
    },
    list(camera, from = -Infinity, to = Infinity) {
      const recorder = recorders.get(camera);
      if (!recorder) return [];
      return [...recorder.segments.values()]
        .filter((segment) => segment.start <= to && segment.end >= from)
        .sort((a, b) => a.start - b.start)
        .map((segment) => ({
          camera,
          file: segment.file,
          start: segment.start,
          end: segment.end,
          bytes: segment.bytes,
          sha256: segment.sha256,
          events: recorder.eventsIn(segment.start, segment.end).map(toMark),
          ...(segment.recovered ? { recovered: true } : {}),
          ...(recorder.thumbnails.has(segment.file) ? { thumbnail: thumbnailName(segment.file) } : {}),
        }));
    },
    usage() {
      return [...recorders.values()].map((recorder) => {
        const segments = [...recorder.segments.values()];
        return {
          camera: recorder.camera,
          segments: segments.length,
          bytes: segments.reduce((sum, segment) => sum + segment.bytes, 0),
          ...(segments.length ? { oldest: Math.min(...segments.map((s) => s.start)), newest: Math.max(...segments.map((s) => s.end)) } : {}),
        };
      });
    },
    async export(camera, from, to, onProgress) {
      const recorder = recorders.get(camera);
      if (!recorder) throw new Error(`No recordings of camera ${camera}.`);
      await recorder.ready;
      // Copies of the segments plus a clip of about the same size.
      const estimate = 2 * [...recorder.segments.values()].filter((s) => s.start <= to && s.end >= from).reduce((sum, s) => sum + s.bytes, 0);
      const admitted = await exports.admit(estimate, await freeBytes(root), storage.minFreeBytes);
      let folder: string | undefined;
      try {
        return await exportClip({ ffmpegPath, dir: recorder.dir, camera, from, to, exportsDir, onProgress, onFolder: (f) => admitted.folder((folder = f)) });
      } catch (error) {
        admitted.done();
        if (folder) await exports.release(folder); // a failed export leaves nothing behind
        throw error;
      } finally {
        admitted.done();
      }
    },
    releaseExport: (folder) => exports.release(folder),
    events: (camera, from, to) => recorders.get(camera)?.eventsWithin(from, to).map(toMark) ?? [],
    segmentPath(camera, file) {
      const recorder = recorders.get(camera);
      return recorder?.segments.has(file) ? join(recorder.dir, file) : undefined;
    },
    thumbnail: async (camera, file) => recorders.get(camera)?.thumbnail(file),
    async openSegment(camera) {
      const recorder = recorders.get(camera);
      const open = await recorder?.openSegment().catch(() => undefined);
      return open && recorder && { ...open, path: join(recorder.dir, open.file) };
    },
    enforceRetention: (extra) => runRetention(extra),
    verify: (path) => verifyPath(path, { ffmpegPath }),
    onAlert(callback) {
      alerts.add(callback);
      return () => alerts.delete(callback);
    },
  };
}
