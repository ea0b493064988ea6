/**
 * The health tracker: which problems exist, since when, and which alerts they owe. A lasting
 * problem (a camera offline) alerts once it has lasted its kind's delay, and again when it is
 * over; one that ends before the delay was a blip and alerts nobody. A one-off problem (a file
 * changed, a crash restart) alerts once. Alerts wait while health quiet hours last. Everything is
 * kept in `health.json` (atomic writes), so a restart neither repeats nor forgets an alert.
 *
 *   report ─► open ──lasted delaySec──► fired (alert queued) ──resolve──► "back" alert queued, gone
 *              └──resolve before the delay──► gone, nothing sent
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AlertsConfig, HealthKind, HealthProblem } from '@vigil/shared/alerts';
import type { HealthAlert } from '../alerts/index.ts';
import { inWindows } from '../alerts/schedule.ts';
import { writeFileAtomic } from '../config/atomic-file.ts';
import { body, problemTitle, recoveredTitle } from './words.ts';

/** A lasting problem as reported by a signal. */
export interface Report {
  kind: HealthKind;
  camera?: string;
  /** The camera's name, or the problem's own words for kinds without a camera. */
  subject: string;
  /** Why, in a sentence ("The camera refused the connection."). */
  detail?: string;
  /** When it started; default now. */
  since?: number;
}

interface Condition extends Report {
  key: string;
  since: number;
  fired: boolean;
}

/** A one-off problem: its title and detail are final. */
export interface Occurrence {
  kind: HealthKind;
  camera?: string;
  cameraName?: string;
  title: string;
  detail?: string;
  at: number;
}

interface Saved {
  conditions: Condition[];
  outgoing: HealthAlert[];
  done: string[];
  recent: HealthProblem[];
}

/** Tracker limits and collaborators. */
export interface TrackerOptions {
  /** The state file (`health.json`). */
  file: string;
  /** The alerts config: health settings, quiet hours, time zone. */
  config(): AlertsConfig;
  raise(alert: HealthAlert): Promise<unknown>;
  now?: () => number;
  /** How long a one-off problem stays on the System screen. Default 24 h. */
  recentMs?: number;
  /** One-off keys remembered so they never alert twice. Default 500. */
  maxDone?: number;
}

/** Keeps the problems and raises their alerts; `tick()` is called by the monitor's timer. */
export class HealthTracker {
  private state: Saved = { conditions: [], outgoing: [], done: [], recent: [] };
  private readonly now: () => number;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: TrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Loads the saved state; a missing or damaged file starts empty (the worst case is one repeated alert). */
  async load(): Promise<void> {
    try {
      const saved = JSON.parse(await readFile(this.options.file, 'utf8')) as Partial<Saved>;
      this.state = { conditions: saved.conditions ?? [], outgoing: saved.outgoing ?? [], done: saved.done ?? [], recent: saved.recent ?? [] };
    } catch {
      this.state = { conditions: [], outgoing: [], done: [], recent: [] };
    }
  }

  /** Reports a lasting problem (again): the first report's start time is kept. */
  report(key: string, report: Report): void {
    const known = this.state.conditions.find((c) => c.key === key);
    if (known) {
      known.detail = report.detail ?? known.detail;
      known.subject = report.subject;
      return;
    }
    this.state.conditions.push({ ...report, key, since: report.since ?? this.now(), fired: false });
    this.save();
  }

  /** The problem is over: a fired one queues its "back" alert, a blip is forgotten. */
  resolve(key: string, at = this.now()): void {
    const index = this.state.conditions.findIndex((c) => c.key === key);
    if (index < 0) return;
    const [condition] = this.state.conditions.splice(index, 1);
    if (condition!.fired) {
      const title = recoveredTitle(condition!.kind, condition!.subject, condition!.since, at);
      this.queue(condition!, `${key}:${condition!.since}:back`, title, undefined, at);
    }
    this.save();
  }

  /** Forgets a problem without a word (its camera was removed or switched off). */
  drop(key: string): void {
    const before = this.state.conditions.length;
    this.state.conditions = this.state.conditions.filter((c) => c.key !== key);
    if (this.state.conditions.length !== before) this.save();
  }

  /** Keys of the open problems (fired or not) whose key starts with `prefix`. */
  keys(prefix = ''): string[] {
    return this.state.conditions.filter((c) => c.key.startsWith(prefix)).map((c) => c.key);
  }

  /** Since when a problem is open, if it is. */
  since(key: string): number | undefined {
    return this.state.conditions.find((c) => c.key === key)?.since;
  }

  /** A one-off problem; the same key alerts only once, ever (within the last `maxDone`). */
  occurred(key: string, occurrence: Occurrence): void {
    if (this.state.done.includes(key) || !this.options.config().health[occurrence.kind].enabled) return;
    this.state.done.push(key);
    this.state.done = this.state.done.slice(-(this.options.maxDone ?? 500));
    // The digest is news, not a problem: it is sent, never listed.
    if (occurrence.kind !== 'weekly-digest') this.state.recent.push({ kind: occurrence.kind, ...(occurrence.camera ? { camera: occurrence.camera } : {}), message: occurrence.title, since: occurrence.at });
    this.queue({ kind: occurrence.kind, camera: occurrence.camera, subject: occurrence.cameraName ?? '' }, key, occurrence.title, occurrence.detail, occurrence.at);
    this.save();
  }

  /** Fires problems that lasted their delay and sends what is owed, unless quiet hours hold it. */
  async tick(): Promise<void> {
    const config = this.options.config();
    const now = this.now();
    for (const condition of this.state.conditions) {
      const setting = config.health[condition.kind];
      if (condition.fired || !setting.enabled || now - condition.since < setting.delaySec * 1000) continue;
      condition.fired = true;
      const title = problemTitle(condition.kind, condition.subject, condition.since, config.timeZone);
      this.queue(condition, `${condition.key}:${condition.since}`, title, condition.detail, condition.since);
      this.save();
    }
    if (this.state.outgoing.length === 0 || inWindows(config.health.quietHours, now, config.timeZone)) return;
    while (this.state.outgoing.length > 0) {
      await this.options.raise(this.state.outgoing[0]!); // on disk (or held) once this resolves
      this.state.outgoing.shift();
      this.save();
    }
  }

  /** The current problems, in their alerts' words: lasting ones past their delay, one-offs of the last day. */
  problems(): HealthProblem[] {
    const config = this.options.config();
    const cutoff = this.now() - (this.options.recentMs ?? 86_400_000);
    this.state.recent = this.state.recent.filter((p) => p.since >= cutoff);
    const lasting = this.state.conditions
      .filter((c) => c.fired && config.health[c.kind].enabled)
      .map((c) => ({ kind: c.kind, ...(c.camera ? { camera: c.camera } : {}), message: `${problemTitle(c.kind, c.subject, c.since, config.timeZone)}${c.detail ? `: ${c.detail}` : ''}`, since: c.since }));
    return [...lasting, ...this.state.recent].sort((a, b) => b.since - a.since);
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  private queue(about: Pick<Report, 'kind' | 'camera' | 'subject'>, key: string, title: string, detail: string | undefined, at: number): void {
    const timeZone = this.options.config().timeZone;
    const id = `${about.kind}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    this.state.outgoing.push({ id, kind: about.kind, ...(about.camera ? { camera: about.camera, cameraName: about.subject } : {}), at, title, body: body(title, detail, at, timeZone) });
  }

  private save(): void {
    const text = JSON.stringify(this.state);
    // One write at a time, in order; a failed write is retried by the next change.
    this.writes = this.writes.then(() => writeFileAtomic(this.options.file, text)).catch(() => {});
  }
}
