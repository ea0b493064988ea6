/**
 * The paired streamers and their cameras: pure reducers over a plain list, used by the renderer's
 * store and tested on their own.
 */
import type { PairingOffer } from '@vigil/shared/pairing';

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
  /** Signalling URL, ws:// or wss://. */
  url: string;
  /** TLS key pin from the pairing code (wss only). */
  fingerprint?: string;
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
  if (existing) {
    const updated = { ...existing, url: offer.url, fingerprint: offer.fingerprint, token, credential: paired?.credential ?? existing.credential };
    return { list: list.map((s) => (s === existing ? updated : s)), added: false };
  }
  const streamer: PairedStreamer = {
    id: offer.streamerId,
    name: uniqueName(list, paired?.name || defaultName(offer.url)),
    url: offer.url,
    fingerprint: offer.fingerprint,
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

/** The distinct signalling URLs of the list (one signalling connection each). */
export function signalingUrls(list: readonly PairedStreamer[]): string[] {
  return [...new Set(list.map((s) => s.url))];
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
