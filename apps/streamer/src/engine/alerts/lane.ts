/**
 * One channel's delivery lane: sends its outbox entries oldest first, one at a time, and backs
 * off as a whole when the channel fails, so a dead server costs one attempt per backoff step, not
 * one per waiting alert. Success resets the backoff and drains the rest at once.
 */
import type { ChannelState } from '@vigil/shared/alerts';
import { backoffDelay, type Backoff } from '@vigil/shared/backoff';
import type { AlertChannel, AlertMessage } from './channels/channel.ts';
import { ChannelError } from './channels/channel.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
import type { AlertLog } from './redact.ts';

/** What a lane needs from the service. */
export interface LaneContext {
  outbox: Outbox;
  now: () => number;
  log: AlertLog;
  /** Retry delays (see retry-backoff.ts). */
  backoff: Backoff;
  /** Entries older than this are dropped instead of sent. */
  maxAgeMs: number;
  /** Builds the message for an entry (caption in the current time zone and link). */
  message: (entry: OutboxEntry, snapshot: Buffer | undefined) => AlertMessage;
  /** Ids being sent right now, across lanes (never dropped by the bound). */
  busy: Set<string>;
  /** Called after each attempt, for listeners (the control API's events). */
  onAttempt?: (entry: OutboxEntry, error?: ChannelError) => void;
}

/** The delivery lane of one channel. */
export class Lane {
  state: ChannelState = { status: 'unknown', failures: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    readonly channel: AlertChannel,
    private readonly context: LaneContext,
  ) {}

  /** Starts a drain now (or right after the current one), unless backing off. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().catch((error: unknown) => this.outboxFailed(error)).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Forgets the backoff (the config changed, or a person asked) and drains. */
  retryNow(): void {
    this.state = { ...this.state, nextAttemptAt: undefined };
    clearTimeout(this.timer);
    this.kick();
  }

  /** Records the outcome of a test send in the channel state. */
  record(error: ChannelError | undefined): void {
    const now = this.context.now();
    this.state = error
      ? { ...this.state, status: 'failing', reason: error.reason }
      : { status: 'ok', failures: 0, lastOkAt: now };
  }

  /**
   * Stops scheduling and waits for the send in flight, at most `timeoutMs` (default: as long as
   * it takes, bounded by the channel's own timeouts). An abandoned send stays marked in the
   * outbox, so the next start treats it as in doubt and sends it again.
   */
  async stop(timeoutMs?: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (timeoutMs === undefined) return this.running;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Delay before the retry that follows failure number `failures` (1 = the first failure). */
  private retryDelay(failures: number): number {
    return backoffDelay(Math.max(0, failures - 1), this.context.backoff);
  }

  private outboxFailed(error: unknown): void {
    // The disk, not the channel, failed (full, read-only): retry later like a channel failure.
    const failures = this.state.failures + 1;
    const nextAttemptAt = this.context.now() + this.retryDelay(failures);
    this.state = { ...this.state, status: 'failing', reason: 'the alert outbox cannot be written (is the disk full?)', failures, nextAttemptAt };
    this.context.log('error', 'alert outbox write failed', { channel: this.channel.id, error });
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => this.kick(), nextAttemptAt - this.context.now());
  }

  private async drain(): Promise<void> {
    const { outbox, now } = this.context;
    for (;;) {
      if (this.stopped) return;
      const wait = (this.state.nextAttemptAt ?? 0) - now();
      if (wait > 0) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.kick(), wait);
        return;
      }
      const entry = outbox.undelivered(this.channel.id)[0];
      if (!entry) return;
      if (now() - entry.at > this.context.maxAgeMs) {
        await outbox.drop(entry, `too old: the motion was ${Math.round((now() - entry.at) / 60_000)} min ago`);
        this.context.onAttempt?.(entry);
        continue;
      }
      if (!(await this.attempt(entry))) continue;
    }
  }

  /** One send; returns false after a failure (the loop then waits for the backoff). */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    const { outbox, now, log } = this.context;
    const snapshot = await outbox.snapshot(entry);
    const message = this.context.message(entry, snapshot);
    this.context.busy.add(entry.id);
    try {
      // Recorded before the send: a crash between the server's acceptance and the next write leaves
      // this mark, so the restart knows the entry is in doubt (README.md, "Exactly once").
      await outbox.update(entry, { attempts: entry.attempts + 1, sendingSince: now() });
      const started = now();
      try {
        await this.channel.send(message);
      } catch (error) {
        const failure = error instanceof ChannelError ? error : new ChannelError(`sending failed (${String(error)})`, String(error));
        const failures = this.state.failures + 1;
        const nextAttemptAt = now() + this.retryDelay(failures);
        this.state = { ...this.state, status: 'failing', reason: failure.reason, failures, nextAttemptAt };
        await outbox.update(entry, { status: 'failing', lastError: failure.reason, nextAttemptAt, sendingSince: undefined });
        log('warn', 'alert delivery failed', {
          channel: this.channel.id, entry: entry.id, reason: failure.reason, detail: failure.detail, retryInMs: nextAttemptAt - now(),
          // README.md, "Exactly once": the server may hold this one already; the retry may duplicate it.
          ...(failure.maybeDelivered ? { inDoubt: true } : {}),
        });
        this.context.onAttempt?.(entry, failure);
        return false;
      }
      this.state = { status: 'ok', failures: 0, lastOkAt: now() };
      await outbox.update(entry, { status: 'sent', sentAt: now(), lastError: undefined, nextAttemptAt: undefined, sendingSince: undefined });
      log('info', 'alert delivered', { channel: this.channel.id, entry: entry.id, event: entry.eventId, ms: now() - started });
      this.context.onAttempt?.(entry);
      return true;
    } finally {
      this.context.busy.delete(entry.id);
    }
  }
}
