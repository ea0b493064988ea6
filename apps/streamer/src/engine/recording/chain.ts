/**
 * Hash-chain arithmetic shared by the writer and the offline verifier: an entry's hash, and a
 * check of a whole list of manifest lines.
 */
import { createHash } from 'node:crypto';
import { GENESIS_HASH, ManifestEntry, entryPreimage } from '@vigil/shared/recording';

/** An entry before it is chained: everything but seq, prev and hash. */
export type EntryBody = Omit<ManifestEntry, 'seq' | 'prev' | 'hash'>;

/** SHA-256 of a string, hex. */
export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Chains a body after `prev` (an entry, or undefined for the first). */
export function chainEntry(body: EntryBody, prev: ManifestEntry | undefined, anchor = GENESIS_HASH): ManifestEntry {
  const draft = { ...body, seq: prev ? prev.seq + 1 : 0, prev: prev ? prev.hash : anchor } as Omit<ManifestEntry, 'hash'>;
  return { ...draft, hash: sha256Hex(entryPreimage(draft)) } as ManifestEntry;
}

/** A problem with the chain itself. */
export interface ChainProblem {
  line: number;
  message: string;
}

/** The result of reading manifest text. */
export interface ParsedChain {
  entries: ManifestEntry[];
  problems: ChainProblem[];
  /** Bytes of the text up to the end of the last good, complete line. */
  goodLength: number;
  /** True when the only problem is an incomplete last line (a crash during an append). */
  tornTail: boolean;
}

/**
 * Parses and checks manifest text: every line a valid entry, seq counting up by one, each prev
 * the previous hash, each hash right. `anchor` is the prev of the first entry (genesis for a
 * camera's full manifest; the excerpt's first prev for an export).
 */
export function checkChain(text: string, anchor: string | 'any' = GENESIS_HASH): ParsedChain {
  const entries: ManifestEntry[] = [];
  const problems: ChainProblem[] = [];
  let offset = 0;
  let goodLength = 0;
  let tornTail = false;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const isLast = index === lines.length - 1;
    offset += raw.length + (isLast ? 0 : 1);
    if (raw === '') continue;
    let entry: ManifestEntry;
    try {
      entry = ManifestEntry.parse(JSON.parse(raw));
    } catch {
      if (isLast) tornTail = true;
      problems.push({ line: index + 1, message: isLast ? 'incomplete last entry (a crash during an append)' : 'not a manifest entry' });
      continue;
    }
    const before = entries.at(-1);
    const expectedPrev = before ? before.hash : anchor;
    if (expectedPrev !== 'any' && entry.prev !== expectedPrev) problems.push({ line: index + 1, message: `entry ${entry.seq} does not follow the entry before it (chain broken)` });
    if (before && entry.seq !== before.seq + 1) problems.push({ line: index + 1, message: `entry ${entry.seq} follows entry ${before.seq} (entries missing or reordered)` });
    if (sha256Hex(entryPreimage(entry)) !== entry.hash) problems.push({ line: index + 1, message: `entry ${entry.seq} was altered (its hash does not match)` });
    entries.push(entry);
    if (!isLast || text.endsWith('\n')) goodLength = offset;
  }
  if (tornTail && problems.length > 1) tornTail = false;
  return { entries, problems, goodLength, tornTail };
}
