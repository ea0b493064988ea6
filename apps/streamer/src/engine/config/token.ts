/**
 * The control API's admin token: 32 random bytes made on first run, kept in a 0600 file so only
 * the user running the engine (and the streamer UI it launches) can read it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.ts';

/** Reads the token from `file`, or creates it there. */
export async function loadOrCreateToken(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
  if (/^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, token + '\n', 0o600);
  return token;
}

/** Compares a presented token with the real one in constant time. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
