/**
 * The pairing URI shown as a QR code by the streamer and scanned by the viewer:
 *
 *   vigil://pair?v=1&u=192.168.1.20:8443&id=<streamer id>&t=<token>&fp=<fingerprint>
 *
 * Kept short so the QR code stays at version ≤ 6 with error correction L (easy to scan from a
 * webcam): `u` drops the `wss://` scheme (the default), and every binary value is base64url.
 *  - u   signalling address; `ws://…` only for loopback demos, anything else is wss
 *  - id  streamer id (16 bytes)
 *  - t   one-time pairing token (16 bytes)
 *  - fp  the signalling server's TLS key pin: SHA-256 of its SPKI, first 16 bytes (128-bit
 *        second-preimage strength); required for wss
 */
import { z } from 'zod';
import { describeIssues } from '../issues.ts';
import { StreamerId } from '../signaling/messages.ts';

/** The pairing URI version this code writes and reads. */
export const PAIRING_URI_VERSION = 1;
const PREFIX = 'vigil://pair?';
/** URIs longer than this are refused before parsing (a QR code of version 6-L holds 134 bytes). */
export const MAX_PAIRING_URI_LENGTH = 512;

const B64_16 = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be 22 base64url characters (16 bytes)');

export const PairingOffer = z
  .strictObject({
    version: z.literal(PAIRING_URI_VERSION),
    /** Full signalling URL, ws:// or wss://, host and port only. */
    url: z.string().refine(isSignalingUrl, 'must be a ws:// or wss:// URL with a host and no path'),
    streamerId: StreamerId,
    token: B64_16,
    /** Truncated SPKI SHA-256 of the server's TLS key; absent only for ws:// on loopback. */
    fingerprint: B64_16.optional(),
  })
  .superRefine((offer, ctx) => {
    const url = safeUrl(offer.url);
    if (!url) return;
    if (url.protocol === 'wss:' && !offer.fingerprint) {
      ctx.addIssue({ code: 'custom', path: ['fingerprint'], message: 'is required for a wss:// address' });
    }
    if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'plain ws:// is allowed only on loopback' });
    }
  });
export type PairingOffer = z.infer<typeof PairingOffer>;

export type PairingParseResult = { ok: true; offer: PairingOffer } | { ok: false; error: string };

/** Writes the short URI form of a pairing offer (validated first; throws on an invalid offer). */
export function formatPairingUri(offer: PairingOffer): string {
  const valid = PairingOffer.parse(offer);
  const u = valid.url.startsWith('wss://') ? valid.url.slice('wss://'.length) : valid.url;
  const params = [`v=${valid.version}`, `u=${u}`, `id=${valid.streamerId}`, `t=${valid.token}`];
  if (valid.fingerprint) params.push(`fp=${valid.fingerprint}`);
  return PREFIX + params.join('&');
}

/** Reads a pairing URI; every failure names the part that is wrong. */
export function parsePairingUri(text: string): PairingParseResult {
  const trimmed = text.trim();
  if (trimmed.length > MAX_PAIRING_URI_LENGTH) return { ok: false, error: 'pairing code is too long' };
  if (!trimmed.startsWith(PREFIX)) return { ok: false, error: 'not a Vigil pairing code (expected vigil://pair?…)' };
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(PREFIX.length).split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (fields.has(key)) return { ok: false, error: `parameter "${key}" appears twice` };
    const value = eq < 0 ? '' : decodeOrUndefined(part.slice(eq + 1));
    // A stray % (a code mangled in transit) must read as a wrong code, never throw: callers rely on it.
    if (value === undefined) return { ok: false, error: `${key}: not a valid %-escaped value` };
    fields.set(key, value);
  }
  const v = fields.get('v');
  if (v === undefined) return { ok: false, error: 'v: missing version' };
  if (v !== String(PAIRING_URI_VERSION)) return { ok: false, error: `v: version ${v} is not supported (this viewer reads ${PAIRING_URI_VERSION})` };
  for (const key of fields.keys()) {
    if (!['v', 'u', 'id', 't', 'fp'].includes(key)) return { ok: false, error: `unknown parameter "${key}"` };
  }
  const u = fields.get('u') ?? '';
  const candidate = {
    version: PAIRING_URI_VERSION,
    url: /^wss?:\/\//.test(u) ? u : `wss://${u}`,
    streamerId: fields.get('id'),
    token: fields.get('t'),
    fingerprint: fields.get('fp'),
  };
  const result = PairingOffer.safeParse(candidate);
  if (!result.success) return { ok: false, error: describeIssues(result.error) };
  return { ok: true, offer: result.data };
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isSignalingUrl(text: string): boolean {
  // Scheme and host[:port] only: no path, query, fragment or credentials.
  return /^wss?:\/\/[^/?#@\s]+$/.test(text) && !!safeUrl(text)?.hostname;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
