/**
 * The signals the health tracker hears: camera states (offline and back), recording (ffmpeg's
 * recorder erroring, writes failing, segments that stop growing, retention deleting young footage
 * to make room), the storage forecast, and the clock against the monotonic clock. Each turns what a
 * module reports into a tracker `report`/`resolve`/`occurred` with words a person understands.
 */
import type { CameraConfig, CameraState } from '@vigil/shared/config';
import type { RecordingAlert } from '@vigil/shared/recording';
import type { StorageView } from '@vigil/shared/api';
import type { HealthTracker } from './tracker.ts';
import { lasted } from './words.ts';

const OFFLINE = new Set<CameraState['state']>(['starting', 'reconnecting', 'failed']);

/** Camera states, polled: not live for the delay → offline; live again → back. */
export function checkCameras(tracker: HealthTracker, configs: readonly CameraConfig[], states: readonly CameraState[]): void {
  const known = new Set<string>();
  for (const config of configs) {
    const key = `camera-offline:${config.id}`;
    const state = states.find((s) => s.id === config.id);
    if (!config.enabled || !state || state.state === 'stopped') continue;
    known.add(key);
    if (OFFLINE.has(state.state)) tracker.report(key, { kind: 'camera-offline', camera: config.id, subject: config.name, since: state.since, detail: state.message ?? 'The camera is starting.' });
    else tracker.resolve(key, state.since);
  }
  // A camera removed or switched off is no longer a problem, nor "back".
  for (const key of tracker.keys('camera-offline:')) if (!known.has(key)) tracker.drop(key);
}

/** Watches each recording camera's newest segment; reports a failing recorder until footage grows again. */
export class RecordingWatch {
  private readonly newest = new Map<string, { end: number; changedAt: number }>();

  constructor(private readonly tracker: HealthTracker, private readonly now: () => number) {}

  /** A recording module alert: the recorder failed (a lasting problem) or retention ate young footage (one-off). */
  alert(alert: RecordingAlert, nameOf: (camera: string) => string): void {
    if (alert.kind === 'evicted') {
      // Pressure evictions delete footage before its configured age; one alert an hour is plenty.
      const hour = Math.floor(alert.at / 3_600_000);
      const title = `Retention is deleting footage younger than its configured age to make room (${alert.reason === 'free-space' ? 'the disk is nearly full' : 'the quota is reached'})`;
      this.tracker.occurred(`storage-evicted:${hour}`, { kind: 'storage', title, detail: alert.message, at: alert.at });
      return;
    }
    if (!alert.camera) return;
    this.tracker.report(`recording-failing:${alert.camera}`, { kind: 'recording-failing', camera: alert.camera, subject: nameOf(alert.camera), detail: alert.message, since: alert.at });
  }

  /**
   * Segments must keep closing while a camera records and is live: none for three segment
   * lengths (at least 30 s) is a failing recorder; a new one ends the problem.
   */
  check(configs: readonly CameraConfig[], live: (id: string) => boolean, newestEnd: (id: string) => number | undefined): void {
    const now = this.now();
    for (const config of configs) {
      const recording = config.recording;
      const key = `recording-failing:${config.id}`;
      if (!config.enabled || !recording || recording.mode === 'off') {
        this.newest.delete(config.id);
        this.tracker.drop(key);
        continue;
      }
      const end = newestEnd(config.id) ?? 0;
      const seen = this.newest.get(config.id);
      if (!seen || end > seen.end) {
        this.newest.set(config.id, { end, changedAt: now });
        // Only footage closed after the problem began proves recording works again.
        const since = this.tracker.since(key);
        if (seen && since !== undefined && end > since) this.tracker.resolve(key, now);
        continue;
      }
      // An offline camera writes nothing: that is the offline alert's business, and the wait restarts.
      if (!live(config.id)) {
        seen.changedAt = now;
        continue;
      }
      const stall = Math.max(30_000, recording.segmentSeconds * 3_000);
      if (now - seen.changedAt > stall) {
        this.tracker.report(key, { kind: 'recording-failing', camera: config.id, subject: config.name, since: seen.changedAt + stall, detail: `No new footage for ${lasted(now - seen.changedAt)}: segments are not growing.` });
      }
    }
  }
}

/** The storage forecast: filling within `hours` at the current rate is a problem until it no longer is. */
export function checkStorage(tracker: HealthTracker, view: StorageView, hours: number): void {
  const days = view.daysUntilFull;
  if (days === undefined || days * 24 > hours) return tracker.resolve('storage-fill');
  const what = view.limitedBy === 'total-quota' ? 'the recordings quota' : 'the recordings disk';
  tracker.report('storage-fill', { kind: 'storage', subject: `Storage: ${what} will be full in about ${lasted(days * 86_400_000)} at the current rate`, detail: 'Retention will then delete the oldest footage early. Free space, raise the quota or lower the retention.' });
}

/** Watches the wall clock against the monotonic one; a jump past the threshold is a one-off problem. */
export class ClockWatch {
  private wall: number;
  private mono: number;

  /** The clocks are parameters for tests; the defaults are the wall clock and the monotonic one. */
  constructor(private readonly clocks = { wall: () => Date.now(), mono: () => performance.now() }) {
    this.wall = clocks.wall();
    this.mono = clocks.mono();
  }

  /** Compares the clocks since the last call; reports a jump of at least `thresholdMs`. */
  check(tracker: HealthTracker, thresholdMs: number): void {
    const wall = this.clocks.wall();
    const mono = this.clocks.mono();
    const jump = wall - this.wall - (mono - this.mono);
    this.wall = wall;
    this.mono = mono;
    if (Math.abs(jump) < thresholdMs) return;
    const title = `The clock jumped ${jump > 0 ? 'forward' : 'back'} by ${lasted(Math.abs(jump))}`;
    tracker.occurred(`clock-jump:${wall}`, { kind: 'clock-jump', title, detail: 'Recordings and events around this time carry timestamps from before and after the jump. Check the time source (NTP).', at: wall });
  }
}
