/**
 * Paired viewers: who may watch. Each entry keeps a scrypt hash of the viewer's credential, never
 * the credential, so a stolen file does not let anyone watch. A verified credential is remembered
 * in memory (as its SHA-256) so opening nine tiles costs one scrypt, not nine.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-file.ts';
import { parseDataFile, readDataFile } from '../config/data-file.ts';

/** scrypt cost: about 50 ms on a small PC, once per viewer per engine run. */
export const SCRYPT_PARAMS: ScryptOptions = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** How often a viewer's last-seen time is written to disk at most. Default 60 s. */
export const LAST_SEEN_WRITE_MS = 60_000;

const Entry = z.strictObject({
  id: z.string(),
  name: z.string(),
  pairedAt: z.number(),
  lastSeen: z.number().optional(),
  /** May talk through the cameras' speakers; absent: no (the default). */
  talk: z.boolean().optional(),
  salt: z.string(),
  hash: z.string(),
});
export type PairedViewer = Omit<z.infer<typeof Entry>, 'salt' | 'hash'>;

function scrypt(secret: Uint8Array, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(secret, salt, 32, SCRYPT_PARAMS, (e, key) => (e ? reject(e) : resolve(key))));
}
const fingerprint = (secret: Uint8Array) => createHash('sha256').update(secret).digest('base64url');

/** Loads the paired-viewer list from `file` (empty when missing). */
export async function openViewerRegistry(file: string) {
  const remedy = 'Restore it from a backup, or delete it to forget every paired viewer (they must then pair again).';
  const text = (await readDataFile(file, remedy)) ?? '[]';
  const entries = new Map(parseDataFile(file, text, z.array(Entry), remedy).map((e) => [e.id, e]));
  const verified = new Map<string, string>(); // viewer id → SHA-256 of its credential
  const listeners = new Set<(id: string) => void>();
  const withdrawn = new Set<(id: string) => void>();
  let lastWrite = 0;
  const persist = () => writeFileAtomic(file, JSON.stringify([...entries.values()], null, 2) + '\n');

  return {
    /** Paired viewers, without their hashes. */
    list: (): PairedViewer[] => [...entries.values()].map(({ salt: _s, hash: _h, ...v }) => v),

    /** Records a newly paired viewer. */
    async add(id: string, name: string, credential: Uint8Array): Promise<void> {
      const salt = randomBytes(16);
      const hash = await scrypt(credential, salt);
      entries.set(id, { id, name, pairedAt: Date.now(), salt: salt.toString('base64url'), hash: hash.toString('base64url') });
      verified.set(id, fingerprint(credential));
      await persist();
    },

    /** True when `credential` belongs to the paired viewer `id`; marks it seen. */
    async verify(id: string, credential: Uint8Array): Promise<boolean> {
      const entry = entries.get(id);
      if (!entry) return false;
      const known = verified.get(id);
      let ok: boolean;
      if (known) ok = known === fingerprint(credential);
      else {
        const hash = await scrypt(credential, Buffer.from(entry.salt, 'base64url'));
        ok = timingSafeEqual(hash, Buffer.from(entry.hash, 'base64url'));
        if (ok && entries.has(id)) verified.set(id, fingerprint(credential));
      }
      if (ok) {
        entry.lastSeen = Date.now();
        if (entry.lastSeen - lastWrite > LAST_SEEN_WRITE_MS) {
          lastWrite = entry.lastSeen;
          await persist().catch(() => {}); // last-seen is informative; a full disk must not refuse a viewer
        }
      }
      return ok;
    },

    /** Renames a paired viewer. */
    async rename(id: string, name: string): Promise<boolean> {
      const entry = entries.get(id);
      if (!entry) return false;
      entry.name = name;
      await persist();
      return true;
    },

    /** True when the viewer may talk through the cameras' speakers. */
    mayTalk: (id: string): boolean => entries.get(id)?.talk === true,

    /** Grants or withdraws the talk permission; listeners stop a withdrawn viewer's talking at once. */
    async setTalk(id: string, allowed: boolean): Promise<boolean> {
      const entry = entries.get(id);
      if (!entry) return false;
      if (allowed) entry.talk = true;
      else delete entry.talk;
      // A withdrawn permission stops the talk before the file is written, not after.
      if (!allowed) for (const listener of withdrawn) listener(id);
      await persist();
      return true;
    },

    /** Calls `listener` with each viewer whose talk permission is withdrawn (revoked viewers too). */
    onTalkWithdrawn(listener: (id: string) => void): () => void {
      withdrawn.add(listener);
      listeners.add(listener);
      return () => (withdrawn.delete(listener), listeners.delete(listener));
    },

    /** Forgets a viewer; listeners end its live sessions at once. */
    async revoke(id: string): Promise<boolean> {
      if (!entries.delete(id)) return false;
      verified.delete(id);
      await persist();
      for (const listener of listeners) listener(id);
      return true;
    },

    /** Calls `listener` with each revoked viewer id. */
    onRevoke(listener: (id: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type ViewerRegistry = Awaited<ReturnType<typeof openViewerRegistry>>;
