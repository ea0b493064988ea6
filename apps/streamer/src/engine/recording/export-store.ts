/**
 * The exports folder's housekeeping. Exports are derived data (the recordings and their chain
 * can make them again), so they never push out a recording:
 *
 * - an export starts only if its estimated size fits both `maxBytes` (all exports together) and
 *   the disk above the storage's `minFreeBytes`; otherwise it is refused with the reason;
 * - at most `maxConcurrent` run at once;
 * - a finished export is deleted `ttlMs` after it was made (the streamer app's download window),
 *   or as soon as its consumer released it (a viewer's export, once streamed to it);
 * - under disk pressure, retention first deletes every export not being written (`sweep(all)`).
 *
 * Before, exports stayed forever outside quota and free-space planning, so repeated exports by a
 * paired viewer filled the disk and retention then deleted real recordings to make room.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** Limits of the exports folder, each with its default. */
export interface ExportStoreOptions {
  /** A finished export is deleted this long after it was made; default 1 hour. */
  ttlMs?: number;
  /**
   * Bytes all exports may take together; an export that would pass it is refused; default 8 GiB:
   * the longest export (1 hour) of a 4 Mbit/s camera needs about 3.6 GB (segment copies + clip).
   */
  maxBytes?: number;
  /** Exports made at once (each is an ffmpeg and a copy of its segments); default 2. */
  maxConcurrent?: number;
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

/** Bookkeeping of one exports folder. */
export class ExportStore {
  private readonly writing = new Set<string>();
  private running = 0;
  private reserved = 0;

  constructor(
    readonly dir: string,
    private readonly options: ExportStoreOptions = {},
  ) {}

  /**
   * Admits an export of about `estimate` bytes, given the disk's free bytes and the free space
   * recordings must keep; throws the reason when it does not fit. Call the returned `done` once.
   */
  async admit(estimate: number, free: number | undefined, minFreeBytes: number): Promise<{ folder(path: string): void; done(): void }> {
    const maxConcurrent = this.options.maxConcurrent ?? 2;
    if (this.running >= maxConcurrent) throw new Error(`${maxConcurrent} exports are being made already: try again when one has finished`);
    const maxBytes = this.options.maxBytes ?? 8 * 1024 ** 3;
    // Counted before the awaits below, so concurrent exports cannot all see room.
    this.running++;
    this.reserved += estimate;
    let folder: string | undefined;
    let finished = false;
    const done = () => {
      if (finished) return; // idempotent: a caller may end it on failure and again in `finally`
      finished = true;
      this.running--;
      this.reserved -= estimate;
      if (folder) this.writing.delete(folder);
    };
    try {
      const used = (await this.bytes()) + this.reserved;
      if (used > maxBytes) throw new Error(`the export (about ${gb(estimate)}) would bring exports to ${gb(used)}, past their ${gb(maxBytes)} limit: try a shorter range, or later once older exports expired`);
      if (free !== undefined && free - this.reserved < minFreeBytes) {
        throw new Error(`not enough free disk space for the export (about ${gb(estimate)}) without deleting recordings: ${gb(free)} free, ${gb(minFreeBytes)} kept free for recording`);
      }
    } catch (error) {
      done();
      throw error;
    }
    return {
      folder: (path) => {
        folder = path;
        this.writing.add(path);
      },
      done,
    };
  }

  /** Deletes an export folder (inside the exports folder only). */
  async release(folder: string): Promise<void> {
    const inside = relative(resolve(this.dir), resolve(folder));
    if (!inside || inside.startsWith('..') || inside.includes(sep)) return;
    if (!this.writing.has(resolve(this.dir, inside))) await rm(join(this.dir, inside), { recursive: true, force: true });
  }

  /** Deletes exports older than ttlMs at `now`, or every export not being written when `all`. */
  async sweep(now: number, all = false): Promise<number> {
    const ttl = this.options.ttlMs ?? 60 * 60_000;
    let removed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = resolve(this.dir, name);
      if (this.writing.has(path)) continue;
      const info = await stat(path).catch(() => undefined);
      if (!info || (!all && now - info.mtimeMs < ttl)) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  /** Bytes the exports folder holds now. */
  async bytes(): Promise<number> {
    return sizeOf(this.dir);
  }
}

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path).catch(() => [] as string[])) total += await sizeOf(join(path, name));
  return total;
}
