/**
 * The pairing URI shown as a QR code by the streamer and scanned by the viewer:
 *
 *   vigil://pair?v=1&u=192.168.1.20:8443&id=<streamer id>&t=<token>&fp=<fingerprint>
 *   vigil://pair?v=2&u=192.168.1.20:8443,203.0.113.7:8443&id=…&t=…&fp=…&r=relay.example.org:443~<pin>
 *
 * Version 2 carries every route to the streamer's signalling (see `routes` below); a code with one
 * route and no relay is still written as version 1, so older viewers keep reading it.
 *
 * Kept short so the QR code stays at version ≤ 6 with error correction L (easy to scan from a
 * webcam): `u` drops the `wss://` scheme (the default), and every binary value is base64url.
 *  - u   signalling address; `ws://…` only for loopback demos, anything else is wss
 *  - id  streamer id (16 bytes)
 *  - t   one-time pairing token (16 bytes)
 *  - fp  the signalling server's TLS key pin: SHA-256 of its SPKI, first 16 bytes (128-bit
 *        second-preimage strength); required for wss
 *  - u   (v2) comma-separated: the streamer's own server at its LAN address first, then its
 *        router's public address (a UPnP/NAT-PMP mapping); all pinned by `fp`
 *  - r   (v2) comma-separated relays the streamer is registered with, `host[:port]` optionally
 *        followed by `~<pin>` (a relay with a certificate from a public CA needs no pin)
 */
import { z } from 'zod';
import { describeIssues } from '../issues.ts';
import { StreamerId } from '../signaling/messages.ts';

/** The pairing URI version this code writes for one route (read by every viewer). */
export const PAIRING_URI_VERSION = 1;
/** The version that carries several routes. */
export const PAIRING_URI_VERSION_ROUTES = 2;
/** Most routes a code carries (it must stay a QR code of version ≤ 10 at EC L). */
export const MAX_ROUTES = 4;
const PREFIX = 'vigil://pair?';
/** URIs longer than this are refused before parsing (a QR code of version 6-L holds 134 bytes). */
export const MAX_PAIRING_URI_LENGTH = 512;

const B64_16 = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be 22 base64url characters (16 bytes)');

/**
 * One way to reach a streamer's signalling. `direct`: the streamer's own server (LAN or its
 * router's public address, pinned by the code's `fp`); `relay`: a relay it is registered with.
 */
export const SignalingRoute = z
  .strictObject({
    url: z.string().refine((u) => isSignalingUrl(u), 'must be a ws:// or wss:// URL with a host and no path'),
    fingerprint: B64_16.optional(),
    via: z.enum(['direct', 'relay']),
  })
  .superRefine((route, ctx) => {
    const url = safeUrl(route.url);
    if (!url) return;
    if (url.protocol === 'wss:' && route.via === 'direct' && !route.fingerprint) {
      ctx.addIssue({ code: 'custom', path: ['fingerprint'], message: "is required for the streamer's own wss:// server" });
    }
    if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'plain ws:// is allowed only on loopback' });
    }
  });
export type SignalingRoute = z.infer<typeof SignalingRoute>;

export const PairingOffer = z
  .strictObject({
    version: z.union([z.literal(PAIRING_URI_VERSION), z.literal(PAIRING_URI_VERSION_ROUTES)]),
    /** Full signalling URL, ws:// or wss://, host and port only. */
    url: z.string().refine(isSignalingUrl, 'must be a ws:// or wss:// URL with a host and no path'),
    streamerId: StreamerId,
    token: B64_16,
    /** Truncated SPKI SHA-256 of the server's TLS key; absent only for ws:// on loopback. */
    fingerprint: B64_16.optional(),
    /**
     * Every route, `url` (the first) included; absent in a version 1 code (one direct route).
     * The viewer dials them all at once, prefers the LAN and remembers what worked.
     */
    routes: z.array(SignalingRoute).min(1).max(MAX_ROUTES).optional(),
  })
  .superRefine((offer, ctx) => {
    const url = safeUrl(offer.url);
    if (!url) return;
    if (offer.routes && offer.routes[0]!.url !== offer.url) ctx.addIssue({ code: 'custom', path: ['routes'], message: 'must start with the code\'s url' });
    const first = offer.routes?.[0];
    if (url.protocol === 'wss:' && !offer.fingerprint && first?.via !== 'relay') {
      ctx.addIssue({ code: 'custom', path: ['fingerprint'], message: 'is required for a wss:// address' });
    }
    if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'plain ws:// is allowed only on loopback' });
    }
  });
export type PairingOffer = z.infer<typeof PairingOffer>;

export type PairingParseResult = { ok: true; offer: PairingOffer } | { ok: false; error: string };

/** The routes of an offer: its `routes`, or its one direct route (a version 1 code). */
export function routesOf(offer: Pick<PairingOffer, 'url' | 'fingerprint' | 'routes'>): SignalingRoute[] {
  return offer.routes ?? [{ url: offer.url, fingerprint: offer.fingerprint, via: 'direct' }];
}

/**
 * Builds the offer for a set of routes (direct ones first, as they are preferred): version 1 when
 * there is one pinned route, version 2 otherwise. Throws on routes a code cannot carry.
 */
export function offerForRoutes(routes: readonly SignalingRoute[], streamerId: string, token: string): PairingOffer {
  const ordered = [...routes.filter((r) => r.via === 'direct'), ...routes.filter((r) => r.via === 'relay')].slice(0, MAX_ROUTES);
  const first = ordered[0];
  if (!first) throw new Error('a pairing code needs at least one route');
  const pins = new Set(ordered.filter((r) => r.via === 'direct').map((r) => r.fingerprint));
  if (pins.size > 1) throw new Error("the streamer's own routes must share one TLS key");
  // One pinned route (the streamer's own server, or a pinned relay it uses alone) fits version 1.
  const simple = ordered.length === 1 && (first.via === 'direct' || first.fingerprint !== undefined);
  return PairingOffer.parse({
    version: simple ? PAIRING_URI_VERSION : PAIRING_URI_VERSION_ROUTES,
    url: first.url,
    streamerId,
    token,
    fingerprint: simple || first.via === 'direct' ? first.fingerprint : ordered.find((r) => r.via === 'direct')?.fingerprint ?? first.fingerprint,
    ...(simple ? {} : { routes: ordered }),
  });
}

/** Writes the short URI form of a pairing offer (validated first; throws on an invalid offer). */
export function formatPairingUri(offer: PairingOffer): string {
  const valid = PairingOffer.parse(offer);
  const short = (url: string) => (url.startsWith('wss://') ? url.slice('wss://'.length) : url);
  if (valid.version === PAIRING_URI_VERSION) {
    const params = [`v=${valid.version}`, `u=${short(valid.url)}`, `id=${valid.streamerId}`, `t=${valid.token}`];
    if (valid.fingerprint) params.push(`fp=${valid.fingerprint}`);
    return PREFIX + params.join('&');
  }
  const routes = routesOf(valid);
  const direct = routes.filter((r) => r.via === 'direct');
  const relays = routes.filter((r) => r.via === 'relay');
  const params = [`v=${valid.version}`];
  if (direct.length) params.push(`u=${direct.map((r) => short(r.url)).join(',')}`);
  params.push(`id=${valid.streamerId}`, `t=${valid.token}`);
  const pin = direct[0]?.fingerprint;
  if (pin) params.push(`fp=${pin}`);
  if (relays.length) params.push(`r=${relays.map((r) => short(r.url) + (r.fingerprint ? `~${r.fingerprint}` : '')).join(',')}`);
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
  if (v !== String(PAIRING_URI_VERSION) && v !== String(PAIRING_URI_VERSION_ROUTES)) {
    return { ok: false, error: `v: version ${v} is not supported (this viewer reads ${PAIRING_URI_VERSION} and ${PAIRING_URI_VERSION_ROUTES})` };
  }
  const version = Number(v) as 1 | 2;
  const known = version === PAIRING_URI_VERSION ? ['v', 'u', 'id', 't', 'fp'] : ['v', 'u', 'id', 't', 'fp', 'r'];
  for (const key of fields.keys()) {
    if (!known.includes(key)) return { ok: false, error: `unknown parameter "${key}"` };
  }
  const full = (u: string) => (/^wss?:\/\//.test(u) ? u : `wss://${u}`);
  const fingerprint = fields.get('fp');
  let routes: { url: string; fingerprint?: string; via: 'direct' | 'relay' }[] | undefined;
  if (version === PAIRING_URI_VERSION_ROUTES) {
    const list = (key: string) => (fields.get(key) ? fields.get(key)!.split(',') : []);
    routes = [
      ...list('u').map((u) => ({ url: full(u), fingerprint, via: 'direct' as const })),
      ...list('r').map((r) => {
        const [address = '', pin] = r.split('~');
        return { url: full(address), ...(pin === undefined ? {} : { fingerprint: pin }), via: 'relay' as const };
      }),
    ];
    if (routes.length === 0) return { ok: false, error: 'u: no address to reach the streamer' };
    if (routes.length > MAX_ROUTES) return { ok: false, error: `too many routes (at most ${MAX_ROUTES})` };
  }
  const candidate = {
    version,
    url: routes ? routes[0]!.url : full(fields.get('u') ?? ''),
    streamerId: fields.get('id'),
    token: fields.get('t'),
    fingerprint,
    ...(routes ? { routes } : {}),
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
