/**
 * The per-camera manifest: a JSON-lines hash chain. Every entry names the hash of the entry before
 * it, and its own `hash` is SHA-256 over `prev` and the canonical JSON of its other fields, so an
 * edited, removed or reordered entry breaks the chain. Segments are `segment` entries; every file
 * that leaves the disk through Vigil is a `delete` entry, so each gap in the files is explained.
 */
import { z } from 'zod';

/** `prev` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** A segment's file name: camera, UTC start time and a per-process tag, no path. */
export const SegmentFileName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}_\d{8}T\d{6}Z_[a-z0-9]+\.mp4$/);

/** Why Vigil deleted a segment. */
export const DeleteReason = z.enum(['age', 'camera-quota', 'total-quota', 'free-space', 'no-motion']);
export type DeleteReason = z.infer<typeof DeleteReason>;

const Base = { seq: z.number().int().min(0), at: z.number().int(), camera: z.string(), prev: Hex64, hash: Hex64 };

export const SegmentEntry = z.strictObject({
  ...Base,
  type: z.literal('segment'),
  file: SegmentFileName,
  /** Wall-clock start and end in ms since the epoch. */
  start: z.number().int(),
  end: z.number().int(),
  bytes: z.number().int().min(0),
  sha256: Hex64,
  /** True when the segment was left open by a crash and hashed on the next start. */
  recovered: z.boolean().optional(),
});
export type SegmentEntry = z.infer<typeof SegmentEntry>;

export const DeleteEntry = z.strictObject({
  ...Base,
  type: z.literal('delete'),
  file: SegmentFileName,
  reason: DeleteReason,
});
export type DeleteEntry = z.infer<typeof DeleteEntry>;

export const ManifestEntry = z.discriminatedUnion('type', [SegmentEntry, DeleteEntry]);
export type ManifestEntry = z.infer<typeof ManifestEntry>;

/** The file name of a camera's manifest inside its folder. */
export const MANIFEST_FILE = 'manifest.jsonl';

/** JSON with object keys sorted at every level: the byte string an entry's hash covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The text an entry's hash covers: its prev hash, a newline, and the canonical JSON of every field but `hash`. */
export function entryPreimage(entry: Omit<ManifestEntry, 'hash'> | ManifestEntry): string {
  const { hash: _hash, ...rest } = entry as ManifestEntry;
  return `${rest.prev}\n${canonicalJson(rest)}`;
}
