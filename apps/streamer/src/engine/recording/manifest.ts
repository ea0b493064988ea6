/**
 * Appends entries to a camera's manifest (see shared/src/recording/manifest.ts).
 *
 * Why append-only JSON lines with an fsync per entry rather than rewriting the file atomically:
 * a month of one camera is ~90 000 entries (~25 MB), and rewriting all of it every minute costs
 * O(n) I/O per segment where an append costs one line. An append is not atomic, but the chain
 * makes a torn write detectable: on open, an incomplete last line is cut off (its segment is
 * still on disk without an entry, so it is hashed again as `recovered`). Entries before it were
 * fsynced and are never rewritten.
 */
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type ManifestEntry } from '@vigil/shared/recording';
import { chainEntry, checkChain, type EntryBody } from './chain.ts';

/** An open manifest. */
export interface ManifestWriter {
  /** Every entry so far, oldest first. */
  readonly entries: readonly ManifestEntry[];
  /** Chains, appends and fsyncs one entry; rejects (e.g. ENOSPC) leaving the file as it was. */
  append(body: EntryBody): Promise<ManifestEntry>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the manifest in `dir`; throws if its chain is broken. */
export async function openManifest(dir: string): Promise<ManifestWriter> {
  const file = join(dir, MANIFEST_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const parsed = checkChain(text);
  if (parsed.problems.length > 0 && !parsed.tornTail) {
    throw new Error(`manifest ${file} is damaged: ${parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`);
  }
  // Cut a torn last line (or a missing final newline) so the next append starts a clean line.
  if (parsed.goodLength !== Buffer.byteLength(text)) await truncate(file, Buffer.byteLength(text.slice(0, parsed.goodLength)));
  const entries = [...parsed.entries];
  let handle: FileHandle | undefined = await open(file, 'a');
  let size = Buffer.byteLength(text.slice(0, parsed.goodLength));
  let queue: Promise<unknown> = Promise.resolve();
  // True while the file may hold bytes past `size` (a partial line whose cut failed).
  let dirty = false;

  async function write(body: EntryBody): Promise<ManifestEntry> {
    if (!handle) throw new Error('manifest closed');
    // The file is opened for appending: a leftover partial line must go before the next one.
    if (dirty) {
      await handle.truncate(size);
      dirty = false;
    }
    const entry = chainEntry(body, entries.at(-1));
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      // On a nearly full disk write(2) may write part of the line and report no error.
      const { bytesWritten } = await handle.write(line, 0, line.length, null);
      if (bytesWritten !== line.length) throw Object.assign(new Error(`manifest: short write (${bytesWritten} of ${line.length} bytes), disk full?`), { code: 'ENOSPC' });
      await handle.sync();
    } catch (error) {
      // A partial line (ENOSPC mid-write) is cut off so the file holds only whole entries; if
      // even that fails, the next append cuts it first.
      dirty = true;
      await handle
        .truncate(size)
        .then(() => (dirty = false))
        .catch(() => {});
      throw error;
    }
    size += line.length;
    entries.push(entry);
    return entry;
  }

  return {
    entries,
    append(body) {
      // Appends are serialised: the chain needs each entry to see the one before it.
      const next = queue.then(() => write(body));
      queue = next.catch(() => {});
      return next;
    },
    async close() {
      await queue;
      await handle?.close();
      handle = undefined;
    },
  };
}
