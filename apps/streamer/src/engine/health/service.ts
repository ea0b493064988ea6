/**
 * The health monitor: hears the signals (signals.ts, integrity.ts, marker.ts) on one timer and
 * keeps the tracker's problems, whose alerts go through the alert service's outbox and channels.
 * Nothing happens on import; `start()` reads the saved state and the crash marker.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertsConfig, DeliveryState, HealthProblem } from '@vigil/shared/alerts';
import type { StorageView } from '@vigil/shared/api';
import type { CameraConfig, CameraState } from '@vigil/shared/config';
import type { RecordingAlert } from '@vigil/shared/recording';
import type { HealthAlert } from '../alerts/index.ts';
import type { VerifyReport } from '../recording/index.ts';
import { WEEK_MS, WeeklyDigest } from './digest.ts';
import { checkAll, checkNewest, type IntegritySource } from './integrity.ts';
import { openMarker } from './marker.ts';
import { checkCameras, checkStorage, ClockWatch, RecordingWatch } from './signals.ts';
import { HealthTracker } from './tracker.ts';

/** What the monitor reads and where its alerts go; every interval has a documented default. */
export interface HealthOptions {
  /** Folder for `health.json` and the crash marker `running.json`. */
  dir: string;
  alerts: { config(): AlertsConfig; raiseHealth(alert: HealthAlert): Promise<unknown>; list(): DeliveryState[] };
  cameras: { configs(): readonly CameraConfig[]; states(): CameraState[] };
  recording: IntegritySource & { events(camera: string, from: number, to: number): readonly unknown[]; onAlert(callback: (alert: RecordingAlert) => void): () => void };
  /** The recordings root, for the full integrity check. */
  recordingRoot: string;
  /** The storage forecast (recordings-admin's `storage()`). */
  storage(): Promise<StorageView>;
  /** Timer period: camera states, segment growth, the clock, due alerts. Default 1 s. */
  tickMs?: number;
  /** How often the storage forecast is read. Default 60 s. */
  storageEveryMs?: number;
  /** How often segment growth is checked (it reads every segment list). Default 5 s. */
  growthEveryMs?: number;
}

/** Creates the monitor; `problems()` feeds the System screen and the tray. */
export function createHealthMonitor(options: HealthOptions) {
  const config = () => options.alerts.config();
  const tracker = new HealthTracker({ file: join(options.dir, 'health.json'), config, raise: (alert) => options.alerts.raiseHealth(alert) });
  const recording = new RecordingWatch(tracker, Date.now);
  const clock = new ClockWatch();
  const digest = new WeeklyDigest(join(options.dir, 'digest.json'), {
    cameras: () => options.cameras.configs(),
    segments: (camera, from, to) => options.recording.list(camera, from, to),
    events: (camera, from, to) => options.recording.events(camera, from, to),
    deliveries: () => options.alerts.list(),
  });
  const nameOf = (camera: string) => options.cameras.configs().find((c) => c.id === camera)?.name ?? camera;
  let marker: ReturnType<typeof openMarker> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let busy = false;
  let lastStorage = 0;
  let lastGrowth = 0;
  let lastIntegrity = Date.now();

  async function tick(): Promise<void> {
    if (busy) return; // a slow disk makes a tick longer than the period: never two at once
    busy = true;
    try {
      const now = Date.now();
      const configs = options.cameras.configs();
      const states = options.cameras.states();
      checkCameras(tracker, configs, states);
      // Segment growth walks every camera's segment list: every few seconds is plenty for a 30 s stall.
      if (now - lastGrowth >= (options.growthEveryMs ?? 5_000)) {
        lastGrowth = now;
        const newest = new Map(options.recording.usage().map((u) => [u.camera, u.newest]));
        recording.check(configs, (id) => states.some((s) => s.id === id && s.state === 'live'), (id) => newest.get(id));
      }
      clock.check(tracker, config().health.clockJumpSec * 1000);
      digest.tick((id) => states.some((s) => s.id === id && s.state === 'live'));
      const week = digest.due();
      if (week) tracker.occurred(`weekly-digest:${week.at}`, week);
      if (now - lastStorage >= (options.storageEveryMs ?? 60_000)) {
        lastStorage = now;
        checkStorage(tracker, await options.storage(), config().health.fillWithinHours);
      }
      if (now - lastIntegrity >= config().health.integrityEverySec * 1000) {
        lastIntegrity = now;
        await checkNewest(tracker, options.recording, config().health.integritySegments, nameOf);
      }
      await tracker.tick();
    } catch (error) {
      console.warn(`health: check failed (${(error as Error).message})`);
    } finally {
      busy = false;
    }
  }

  return {
    async start(): Promise<void> {
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      await tracker.load();
      await digest.load();
      marker = openMarker(join(options.dir, 'running.json'));
      if (marker.previous) {
        const { startedAt, reason } = marker.previous;
        tracker.occurred(`engine-restart:${startedAt}`, { kind: 'engine-restart', title: 'Vigil restarted after a crash', detail: `The previous run (started ${new Date(startedAt).toISOString()}) ended without stopping: ${reason}.`, at: Date.now() });
      }
      unsubscribe = options.recording.onAlert((alert) => recording.alert(alert, nameOf));
      timer = setInterval(() => void tick(), options.tickMs ?? 1_000);
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      unsubscribe?.();
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
      await tracker.flush();
      await digest.save();
      marker?.close();
    },
    /** Current problems in their alerts' words. */
    problems: (): HealthProblem[] => tracker.problems(),
    /** The same, as the System view lists problems (`source` is the kind). */
    systemProblems: () => tracker.problems().map(({ kind, message, since }) => ({ source: kind, message, since })),
    /** Sends the digest of the last seven days now (when the digest is switched on). */
    async sendDigest(): Promise<void> {
      const week = digest.build(Date.now() - WEEK_MS, Date.now());
      tracker.occurred(`weekly-digest:now:${week.at}`, week);
      await tracker.tick();
    },
    /** The full integrity check, on demand: every segment of every camera against its chain. */
    async checkIntegrity(): Promise<VerifyReport> {
      const report = await checkAll(tracker, options.recordingRoot, nameOf);
      await tracker.tick();
      return report;
    },
  };
}
export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
