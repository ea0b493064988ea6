/**
 * The alert outbox on disk: one JSON file per (event, channel) entry, written atomically, and one
 * JPEG per event beside them, deleted once no entry still needs it. See README.md for the states
 * and the exactly-once argument.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryState } from '@vigil/shared/alerts';
import { writeFileAtomic } from '../config/atomic-file.ts';

/** An outbox entry: the public delivery state plus what the caption needs. */
export interface OutboxEntry extends DeliveryState {
  cameraName: string;
  zones: Array<{ id: string; name: string }>;
  /** What the object detector saw (for the caption); absent: not analysed. */
  labels?: Array<{ label: string; score: number }>;
  /** File name of the event's snapshot in the outbox folder. */
  snapshot?: string;
  /** Set just before a send and cleared after it: found set on start, the send may have happened. */
  sendingSince?: number;
  /** A health alert's text under its title (the subject); absent for motion, whose caption is built. */
  body?: string;
}

export { WAITING_CHANNEL } from '@vigil/shared/alerts';

/** Outbox limits; each has a documented default. */
export interface OutboxOptions {
  dir: string;
  /** Most undelivered entries; past it the oldest are dropped. Default 500 (≈ 50 MB of snapshots). */
  maxUndelivered?: number;
  /** Delivered and dropped entries kept for the list (and for idempotency). Default 500. */
  maxDone?: number;
}

/** The idempotent entry id of (event, channel): the same pair always gives the same id. */
export function entryId(eventId: string, channel: string): string {
  return createHash('sha256').update(`${eventId}\u0000${channel}`).digest('hex').slice(0, 32);
}

/** The persistent queue. All writes are atomic; the in-memory index mirrors the folder. */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  // Ids whose add() is writing: a concurrent add() of the same (event, channel) must see them.
  private readonly adding = new Set<string>();
  private readonly maxUndelivered: number;
  private readonly maxDone: number;

  constructor(private readonly options: OutboxOptions) {
    this.maxUndelivered = options.maxUndelivered ?? 500;
    this.maxDone = options.maxDone ?? 500;
  }

  /** Loads the folder; returns entries that were being sent when the engine stopped. */
  async open(): Promise<OutboxEntry[]> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    this.entries.clear();
    const names = await readdir(this.options.dir);
    for (const name of names) {
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(this.options.dir, name), { force: true });
      if (!name.endsWith('.json')) continue;
      try {
        const entry = JSON.parse(await readFile(join(this.options.dir, name), 'utf8')) as OutboxEntry;
        this.entries.set(entry.id, entry);
      } catch {
        // Atomic writes make a torn file impossible; anything unreadable is not ours to guess at.
        await rm(join(this.options.dir, name), { force: true });
      }
    }
    for (const name of names) if (name.endsWith('.jpg')) await this.releaseSnapshot(name);
    return [...this.entries.values()].filter((entry) => entry.sendingSince !== undefined && isOpen(entry));
  }

  /** The entry with `id`, if known. */
  get(id: string): OutboxEntry | undefined {
    return this.entries.get(id);
  }

  /** All entries, newest first. */
  all(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => b.queuedAt - a.queuedAt || b.id.localeCompare(a.id));
  }

  /** Undelivered entries of `channel`, oldest first. */
  undelivered(channel: string): OutboxEntry[] {
    return [...this.entries.values()].filter((entry) => entry.channel === channel && isOpen(entry)).sort((a, b) => a.queuedAt - b.queuedAt);
  }

  /** True when an entry with `id` exists or is being added. */
  has(id: string): boolean {
    return this.entries.has(id) || this.adding.has(id);
  }

  /** Adds an entry (and its snapshot) unless its id exists; `dropped` lists entries given up to stay bounded. */
  async add(entry: OutboxEntry, snapshot: Buffer | undefined, busy: ReadonlySet<string>): Promise<{ added: boolean; dropped: OutboxEntry[] }> {
    if (this.has(entry.id)) return { added: false, dropped: [] };
    this.adding.add(entry.id);
    try {
      if (snapshot) {
        entry.snapshot = snapshotName(entry.eventId);
        // Written before the entry, so an entry never points at a missing file.
        await writeFileAtomic(join(this.options.dir, entry.snapshot), snapshot);
      }
      await this.write(entry);
    } finally {
      this.adding.delete(entry.id);
    }
    return { added: true, dropped: await this.enforceBounds(busy, entry.queuedAt) };
  }

  /** Reads an entry's snapshot. */
  async snapshot(entry: OutboxEntry): Promise<Buffer | undefined> {
    if (!entry.snapshot) return undefined;
    return readFile(join(this.options.dir, entry.snapshot)).catch(() => undefined);
  }

  /** Persists changes to an entry; a closed entry gives up its snapshot. */
  async update(entry: OutboxEntry, patch: Partial<OutboxEntry>): Promise<void> {
    const next = { ...(this.entries.get(entry.id) ?? entry), ...patch };
    for (const key of Object.keys(patch) as Array<keyof OutboxEntry>) if (patch[key] === undefined) delete next[key];
    await this.write(next);
    if (!isOpen(next) && next.snapshot) await this.releaseSnapshot(next.snapshot);
  }

  /** Drops an open entry with a reason. */
  async drop(entry: OutboxEntry, reason: string): Promise<void> {
    await this.update(entry, { status: 'dropped', dropReason: reason, sendingSince: undefined, nextAttemptAt: undefined });
  }

  private async write(entry: OutboxEntry): Promise<void> {
    await writeFileAtomic(join(this.options.dir, `${entry.id}.json`), JSON.stringify(entry));
    this.entries.set(entry.id, entry);
  }

  private async enforceBounds(busy: ReadonlySet<string>, now: number): Promise<OutboxEntry[]> {
    const open = [...this.entries.values()].filter(isOpen).sort((a, b) => a.queuedAt - b.queuedAt);
    const dropped: OutboxEntry[] = [];
    for (const entry of open) {
      if (open.length - dropped.length <= this.maxUndelivered) break;
      if (busy.has(entry.id)) continue;
      await this.drop(entry, `outbox full: more than ${this.maxUndelivered} alerts waiting, oldest given up at ${new Date(now).toISOString()}`);
      dropped.push(entry);
    }
    const done = [...this.entries.values()].filter((entry) => !isOpen(entry)).sort((a, b) => a.queuedAt - b.queuedAt);
    for (const entry of done.slice(0, Math.max(0, done.length - this.maxDone))) {
      this.entries.delete(entry.id);
      await rm(join(this.options.dir, `${entry.id}.json`), { force: true });
    }
    return dropped;
  }

  private async releaseSnapshot(name: string): Promise<void> {
    const needed = [...this.entries.values()].some((entry) => entry.snapshot === name && isOpen(entry));
    if (!needed) await rm(join(this.options.dir, name), { force: true });
  }
}

/** True for entries still to be delivered. */
export function isOpen(entry: DeliveryState): boolean {
  return entry.status === 'pending' || entry.status === 'failing';
}

function snapshotName(eventId: string): string {
  return `${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}.jpg`;
}
