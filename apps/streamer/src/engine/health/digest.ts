/**
 * The weekly digest (optional, off by default): once a week, per camera, the share of the week
 * recorded and watched (live), its motion events, the alerts sent about it and the gaps in its
 * continuous recording. Watched time is counted by the health monitor's tick and kept in
 * `digest.json` with the time of the last digest, so a restart loses neither.
 */
import { readFile } from 'node:fs/promises';
import type { CameraConfig } from '@vigil/shared/config';
import type { DeliveryState } from '@vigil/shared/alerts';
import { writeFileAtomic } from '../config/atomic-file.ts';
import type { Occurrence } from './tracker.ts';

export const WEEK_MS = 7 * 86_400_000;

/** What the digest reads about one camera. */
export interface DigestSources {
  cameras(): readonly CameraConfig[];
  segments(camera: string, from: number, to: number): readonly { start: number; end: number }[];
  events(camera: string, from: number, to: number): readonly unknown[];
  deliveries(): readonly DeliveryState[];
}

/** One camera's week in figures. */
export interface CameraWeek {
  name: string;
  recordedShare: number;
  watchedShare: number;
  events: number;
  alertsSent: number;
  gaps: number;
}

/** Figures for one camera over [from, to): recorded share, events, alerts sent, gaps (continuous mode only). */
export function cameraWeek(config: CameraConfig, sources: DigestSources, watchedMs: number, from: number, to: number): CameraWeek {
  const segments = [...sources.segments(config.id, from, to)].sort((a, b) => a.start - b.start);
  const recorded = segments.reduce((sum, s) => sum + Math.max(0, Math.min(s.end, to) - Math.max(s.start, from)), 0);
  // A gap: more than two segment lengths (at least a minute) without footage between two segments.
  const allowed = Math.max(60_000, 2 * (config.recording?.segmentSeconds ?? 60) * 1000);
  let gaps = 0;
  if (config.recording?.mode === 'continuous') for (let i = 1; i < segments.length; i++) if (segments[i]!.start - segments[i - 1]!.end > allowed) gaps++;
  const alertsSent = sources.deliveries().filter((d) => d.camera === config.id && d.status === 'sent' && (d.sentAt ?? 0) >= from && (d.sentAt ?? 0) < to && d.channel !== '-').length;
  return { name: config.name, recordedShare: recorded / (to - from), watchedShare: Math.min(1, watchedMs / (to - from)), events: sources.events(config.id, from, to).length, alertsSent, gaps };
}

/** The digest's text: one line per camera. */
export function digestText(weeks: readonly CameraWeek[]): string {
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  if (weeks.length === 0) return 'No cameras.';
  return weeks.map((w) => `${w.name}: recorded ${percent(w.recordedShare)}, watched ${percent(w.watchedShare)}, ${w.events} event${w.events === 1 ? '' : 's'}, ${w.alertsSent} alert${w.alertsSent === 1 ? '' : 's'} sent, ${w.gaps} gap${w.gaps === 1 ? '' : 's'}`).join('\n');
}

/** Counts watched time and says when a digest is due. */
export class WeeklyDigest {
  private state: { since: number; watched: Record<string, number> };
  private lastTick: number;
  private lastSave = 0;

  constructor(private readonly file: string, private readonly sources: DigestSources, private readonly now: () => number = Date.now) {
    this.state = { since: now(), watched: {} };
    this.lastTick = now();
  }

  /** Loads the saved week (a missing or damaged file starts a new one now). */
  async load(): Promise<void> {
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as { since?: unknown; watched?: unknown };
      if (typeof saved.since === 'number' && saved.watched && typeof saved.watched === 'object') this.state = { since: saved.since, watched: saved.watched as Record<string, number> };
    } catch {
      // a new week from now
    }
  }

  /** Adds the time since the last tick to every camera live now; saved at most once a minute. */
  tick(live: (camera: string) => boolean): void {
    const now = this.now();
    const step = Math.min(now - this.lastTick, 60_000); // a stopped process or a clock jump counts nothing
    this.lastTick = now;
    for (const config of this.sources.cameras()) if (step > 0 && live(config.id)) this.state.watched[config.id] = (this.state.watched[config.id] ?? 0) + step;
    if (now - this.lastSave >= 60_000) void this.save();
  }

  /** The digest of the week just ended, once it is due; a new week starts. */
  due(): Occurrence | undefined {
    const now = this.now();
    if (now - this.state.since < WEEK_MS) return undefined;
    const occurrence = this.build(this.state.since, now);
    this.state = { since: now, watched: {} };
    void this.save();
    return occurrence;
  }

  /** The digest of [from, to) with the watched time counted so far. */
  build(from: number, to: number): Occurrence {
    const weeks = this.sources.cameras().map((config) => cameraWeek(config, this.sources, this.state.watched[config.id] ?? 0, from, to));
    return { kind: 'weekly-digest', title: 'Vigil: your week', detail: digestText(weeks), at: to };
  }

  /** Writes the counters now. */
  async save(): Promise<void> {
    this.lastSave = this.now();
    await writeFileAtomic(this.file, JSON.stringify(this.state)).catch(() => {});
  }
}
