/**
 * The paired streamers and their cameras: pure reducers over a plain list, used by the renderer's
 * store and tested on their own.
 */
import { routesOf, type PairingOffer, type SignalingRoute } from '@vigil/shared/pairing';

/** The long-term credential of a paired streamer (see shared/src/pairing/handshake.ts). */
export interface StoredCredential {
  viewerId: string;
  credential: string;
  staticKey: string;
}

/** A camera as the streamer lists it (`request {"method":"cameras"}`). */
export interface CameraInfo {
  id: string;
  name: string;
  /** The engine's camera state: stopped, starting, live, reconnecting, failed. */
  state: string;
  /** The site or area it belongs to ("Home", "Shop"); absent: none, or an engine from before sites. */
  site?: string;
}

/** A streamer this viewer paired with. */
export interface PairedStreamer {
  /** The streamer id (22 base64url characters). */
  id: string;
  /** Name shown in the UI; the person may change it. */
  name: string;
  /** The signalling URL in use now (one of `routes`), ws:// or wss://. */
  url: string;
  /** TLS key pin of the streamer's own server (its direct routes), from the pairing code. */
  fingerprint?: string;
  /**
   * Every way to reach the streamer's signalling: direct routes first (LAN, then the router's
   * public address), then relays. From the pairing code, refreshed by the streamer's signed
   * `routes` replies (common/routes.ts).
   */
  routes: SignalingRoute[];
  /** The route URL that last worked (a live picture or a reply came through it). */
  lastGood?: string;
  /** One-time pairing token from the QR code, until pairing exchanges it for a credential. */
  token?: string;
  /** What pairing gave this viewer: its id, secret, and the streamer's static key. */
  credential?: StoredCredential;
  /** Cameras last listed by the streamer (kept while it is offline). */
  cameras: CameraInfo[];
  addedAt: number;
}

/** Longest name a person may give a streamer. */
export const MAX_NAME_LENGTH = 48;

/**
 * Adds the streamer of a completed pairing, or refreshes its address and credential if it was
 * already paired. The one-time token is spent, so it is not kept.
 */
export function addStreamer(
  list: readonly PairedStreamer[],
  offer: PairingOffer,
  now: number,
  paired?: { credential: StoredCredential; name: string },
): { list: PairedStreamer[]; added: boolean } {
  const existing = list.find((s) => s.id === offer.streamerId);
  const token = paired ? undefined : offer.token;
  const routes = routesOf(offer).map((r) => ({ ...r }));
  if (existing) {
    const lastGood = routes.some((r) => r.url === existing.lastGood) ? existing.lastGood : undefined;
    const updated = { ...existing, url: offer.url, fingerprint: offer.fingerprint, routes, lastGood, token, credential: paired?.credential ?? existing.credential };
    return { list: list.map((s) => (s === existing ? updated : s)), added: false };
  }
  const streamer: PairedStreamer = {
    id: offer.streamerId,
    name: uniqueName(list, paired?.name || defaultName(offer.url)),
    url: offer.url,
    fingerprint: offer.fingerprint,
    routes,
    token,
    credential: paired?.credential,
    cameras: [],
    addedAt: now,
  };
  return { list: [...list, streamer], added: true };
}

/** Renames a streamer; a blank name is refused (the list is returned unchanged). */
export function renameStreamer(list: readonly PairedStreamer[], id: string, name: string): PairedStreamer[] {
  const clean = name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  if (!clean) return [...list];
  return list.map((s) => (s.id === id ? { ...s, name: clean } : s));
}

/** Forgets a streamer. */
export function removeStreamerFrom(list: readonly PairedStreamer[], id: string): PairedStreamer[] {
  return list.filter((s) => s.id !== id);
}

/** Stores the cameras a streamer listed. */
export function setCameras(list: readonly PairedStreamer[], id: string, cameras: readonly CameraInfo[]): PairedStreamer[] {
  return list.map((s) => (s.id === id ? { ...s, cameras: cameras.map((c) => ({ ...c })) } : s));
}

/** Replaces a streamer's routes (a signed `routes` reply); keeps `lastGood` and `url` if still listed. */
export function setRoutes(list: readonly PairedStreamer[], id: string, routes: readonly SignalingRoute[]): PairedStreamer[] {
  return list.map((s) => {
    if (s.id !== id) return s;
    const listed = (url: string | undefined) => !!url && routes.some((r) => r.url === url);
    return { ...s, routes: routes.map((r) => ({ ...r })), lastGood: listed(s.lastGood) ? s.lastGood : undefined, url: listed(s.url) ? s.url : routes[0]!.url };
  });
}

/** Remembers the route that worked; it becomes the one in use. Unchanged list when nothing changes. */
export function setLastGood(list: PairedStreamer[], id: string, url: string): PairedStreamer[] {
  const streamer = list.find((s) => s.id === id);
  if (!streamer || !streamer.routes.some((r) => r.url === url) || (streamer.lastGood === url && streamer.url === url)) return list;
  return list.map((s) => (s === streamer ? { ...s, lastGood: url, url } : s));
}

/** The distinct signalling URLs of the list: every route of every streamer (one connection each). */
export function signalingUrls(list: readonly PairedStreamer[]): string[] {
  return [...new Set(list.flatMap((s) => s.routes.map((r) => r.url)))];
}

/** "Streamer at 192.168.1.20" from the signalling URL. */
export function defaultName(url: string): string {
  const host = /^wss?:\/\/(\[[^\]]+\]|[^:/]+)/.exec(url)?.[1] ?? 'unknown host';
  return `Streamer at ${host}`;
}

function uniqueName(list: readonly PairedStreamer[], base: string): string {
  const taken = new Set(list.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
}
