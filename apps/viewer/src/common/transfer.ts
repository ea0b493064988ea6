/**
 * "Move my pairings to another address": a browser keeps pairings in the storage of the origin
 * the viewer was loaded from, so the viewer at the LAN address and the one at the relay's address
 * know nothing of each other. The first seals its pairings (credentials included) into one line
 * of text with a passphrase; the second opens it with that passphrase. Nothing about a pairing is
 * weakened: the same credential, the same TLS pin travel, readable only with the passphrase.
 *
 *   vigil-pairings:1:<iterations>:<salt>:<iv>:<ciphertext>        (base64url fields)
 *
 * Key: PBKDF2-HMAC-SHA-256 over the passphrase (NFC), 16-byte random salt, ≥ 600,000 iterations
 * (OWASP 2023) → AES-256-GCM with a 12-byte random IV. The header (everything before the
 * ciphertext) is the additional authenticated data, so no field can be altered unnoticed. The
 * plaintext is JSON, validated with zod after decryption.
 */
import { z } from 'zod';
import { fromBase64url, toBase64url } from '@vigil/shared/encoding';
import { readStreamers, StoredStreamer } from './persisted.ts';
import type { PairedStreamer } from './streamers.ts';

/** The first field of a bundle. */
export const BUNDLE_PREFIX = 'vigil-pairings';
/** PBKDF2 iterations of new bundles, and the fewest a bundle may name (no downgrade). */
export const MIN_ITERATIONS = 600_000;
/** The most a bundle may name: past it opening would freeze the page for minutes. */
export const MAX_ITERATIONS = 10_000_000;
/** Shortest passphrase accepted when sealing. */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Most streamers in one bundle (the viewer's own list is far smaller). */
export const MAX_BUNDLE_STREAMERS = 64;

const Payload = z.strictObject({
  v: z.literal(1),
  exportedAt: z.number().int().nonnegative(),
  streamers: z.array(StoredStreamer).min(1).max(MAX_BUNDLE_STREAMERS),
});

const BUNDLE = /^vigil-pairings:1:(\d{1,9}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{24,})$/;
const encoder = new TextEncoder();

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number, usage: 'encrypt' | 'decrypt') {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** Seals `streamers` with `passphrase` into one line of text (file, clipboard or QR alike). */
export async function sealPairings(streamers: readonly PairedStreamer[], passphrase: string, now = Date.now()): Promise<string> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new Error(`the passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const payload = Payload.parse({ v: 1, exportedAt: now, streamers });
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header = `${BUNDLE_PREFIX}:1:${MIN_ITERATIONS}:${toBase64url(salt)}:${toBase64url(iv)}`;
  const key = await deriveKey(passphrase, salt, MIN_ITERATIONS, 'encrypt');
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(header) }, key, encoder.encode(JSON.stringify(payload)));
  return `${header}:${toBase64url(new Uint8Array(sealed))}`;
}

/** Opens a bundle; on any failure says why in words and returns nothing to store. */
export async function openPairings(text: string, passphrase: string): Promise<{ ok: true; streamers: PairedStreamer[]; exportedAt: number } | { ok: false; error: string }> {
  const clean = text.replace(/\s+/g, ''); // line breaks from a mail or a chat are harmless
  const match = BUNDLE.exec(clean);
  if (!match) return { ok: false, error: 'This is not a Vigil pairings bundle (it starts with vigil-pairings:1:).' };
  const [, rounds, salt, iv, sealed] = match as unknown as [string, string, string, string, string];
  const iterations = Number(rounds);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return { ok: false, error: `The bundle asks for ${iterations} key rounds; only ${MIN_ITERATIONS}-${MAX_ITERATIONS} are accepted.` };
  let plain: ArrayBuffer;
  try {
    const key = await deriveKey(passphrase, fromBase64url(salt), iterations, 'decrypt');
    const header = clean.slice(0, clean.length - sealed.length - 1);
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(iv), additionalData: encoder.encode(header) }, key, fromBase64url(sealed));
  } catch {
    return { ok: false, error: 'Wrong passphrase, or the bundle was changed or cut short. Nothing was imported.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return { ok: false, error: 'The bundle opened but holds no readable pairings. Nothing was imported.' };
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) return { ok: false, error: 'The bundle opened but its pairings are not valid (made by another version?). Nothing was imported.' };
  const ids = new Set(parsed.data.streamers.map((s) => s.id));
  if (ids.size !== parsed.data.streamers.length) return { ok: false, error: 'The bundle lists a streamer twice. Nothing was imported.' };
  // Through the same reader as saved pairings: entries from before routes get their one direct route.
  return { ok: true, streamers: readStreamers(parsed.data.streamers), exportedAt: parsed.data.exportedAt };
}

/**
 * Adds imported streamers to this viewer's list. A streamer already here is kept as it is (its
 * name and cameras are this viewer's), unless it has no credential yet and the import has one.
 */
export function mergePairings(list: readonly PairedStreamer[], imported: readonly PairedStreamer[]): { list: PairedStreamer[]; added: number; updated: number; unchanged: number } {
  const out = [...list];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const streamer of imported) {
    const index = out.findIndex((s) => s.id === streamer.id);
    if (index < 0) {
      out.push(streamer);
      added++;
    } else if (!out[index]!.credential && streamer.credential) {
      out[index] = { ...out[index]!, url: streamer.url, fingerprint: streamer.fingerprint, token: undefined, credential: streamer.credential };
      updated++;
    } else unchanged++;
  }
  return { list: out, added, updated, unchanged };
}

/** A random passphrase of about 99 bits: four groups of five letters and digits (no 0/O, 1/l/I). */
export function generatePassphrase(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'; // 31 symbols
  const out: string[] = [];
  while (out.length < 20) {
    const [byte] = crypto.getRandomValues(new Uint8Array(1));
    if (byte! < 248) out.push(alphabet[byte! % 31]!); // 248 = 8 × 31: no bias
  }
  return [0, 5, 10, 15].map((i) => out.slice(i, i + 5).join('')).join('-');
}
