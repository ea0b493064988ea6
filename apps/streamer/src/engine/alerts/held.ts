/**
 * Alerts the outbox could not write (a full disk, a read-only folder): held in memory and written
 * again on a timer, so a disk that fills loses no alert, and reported as a problem the System
 * screen shows until every held alert reached the disk. Bounded: past `maxHeld` the oldest is
 * given up, with an error line naming it.
 */
import type { OutboxEntry } from './outbox.ts';
import type { AlertLog } from './redact.ts';

/** One alert waiting for the disk, with what to do once it is written. */
export interface HeldAlert {
  entry: OutboxEntry;
  snapshot: Buffer | undefined;
  /** Rules whose cooldown starts once this alert is queued (cooldowns never start on a lost alert). */
  rules: string[];
  /** When the rules fired. */
  at: number;
}

/** Limits of the holding area, each with its default. */
export interface HeldOptions {
  /** Milliseconds between two attempts to write held alerts; default 5000. */
  retryMs?: number;
  /** Most alerts held in memory; past it the oldest is dropped; default 100 (≈ 10 MB of snapshots). */
  maxHeld?: number;
}

/** A problem for the System screen. */
export interface AlertProblem {
  source: 'alerts' | 'alerts-waiting';
  message: string;
  since: number;
}

/** Holds alerts the outbox refused and writes them again with `write` until it succeeds. */
export class HeldAlerts {
  private readonly held = new Map<string, HeldAlert>();
  private timer: NodeJS.Timeout | undefined;
  private since: number | undefined;
  private lastError = '';
  private retrying = false;

  constructor(
    private readonly write: (alert: HeldAlert) => Promise<void>,
    private readonly log: AlertLog,
    private readonly now: () => number,
    private readonly options: HeldOptions = {},
  ) {}

  /** True when an entry with `id` is held. */
  has(id: string): boolean {
    return this.held.has(id);
  }

  /** Keeps `alert` after its write failed with `error`, and schedules a retry. */
  hold(alert: HeldAlert, error: unknown): void {
    this.lastError = describe(error);
    this.since ??= this.now();
    this.held.set(alert.entry.id, alert);
    this.log('error', 'alert could not be written to the outbox; held in memory and retried', { entry: alert.entry.id, channel: alert.entry.channel, error: this.lastError });
    const max = this.options.maxHeld ?? 100;
    for (const [id, oldest] of this.held) {
      if (this.held.size <= max) break;
      this.held.delete(id);
      this.log('error', `alert dropped: more than ${max} alerts held while the outbox cannot be written`, { entry: id, channel: oldest.entry.channel });
    }
    this.schedule();
  }

  /** The problem to show while alerts are held; none when all reached the disk. */
  problems(): AlertProblem[] {
    if (this.held.size === 0 || this.since === undefined) return [];
    const message = `${this.held.size} alert${this.held.size === 1 ? '' : 's'} could not be saved to the outbox (${this.lastError}); held in memory and retried every ${Math.round((this.options.retryMs ?? 5000) / 1000)} s. Free disk space: an engine restart now would lose them.`;
    return [{ source: 'alerts', message, since: this.since }];
  }

  /** Writes every held alert now; those that fail again stay held. */
  async retry(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      for (const [id, alert] of [...this.held]) {
        try {
          await this.write(alert);
          this.held.delete(id);
          this.log('info', 'held alert written to the outbox', { entry: id, channel: alert.entry.channel });
        } catch (error) {
          this.lastError = describe(error);
          break; // the disk is still full: the others would fail alike
        }
      }
    } finally {
      this.retrying = false;
    }
    if (this.held.size === 0) this.since = undefined;
    else this.schedule();
  }

  /** Stops retrying; alerts still held are lost, each with an error line. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const alert of this.held.values()) this.log('error', 'alert lost: the engine stopped before the outbox could be written', { entry: alert.entry.id, channel: alert.entry.channel });
    this.held.clear();
    this.since = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.retry();
    }, this.options.retryMs ?? 5000);
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC') return 'the disk is full';
  if (e?.code === 'EROFS' || e?.code === 'EACCES' || e?.code === 'EPERM') return `the outbox folder cannot be written (${e.code})`;
  return e?.message ?? String(error);
}
