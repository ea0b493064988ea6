/**
 * TURN credentials for one viewer, minted from the secret the streamer shares with its TURN server
 * (coturn's `use-auth-secret`, the "TURN REST API" draft): username `<expiry unix seconds>:<id>`,
 * password base64(HMAC-SHA1(secret, username)). The TURN server checks them without asking
 * anyone, and refuses them after the expiry, so a viewer that is removed loses TURN within `ttl`.
 */
import { createHmac } from 'node:crypto';

/** A minted credential, as RTCIceServer wants it, and when it stops working. */
export interface TurnCredential {
  username: string;
  credential: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Longest lifetime accepted (a day, the config's limit too). */
export const MAX_TTL_SECONDS = 86_400;

/** Mints a credential for `id` lasting `ttlSeconds` from `nowMs`; ':' and other odd characters in id are dropped. */
export function mintTurnCredential(secret: string, ttlSeconds: number, id: string, nowMs: number = Date.now()): TurnCredential {
  if (typeof secret !== 'string' || secret.length === 0) throw new Error('TURN secret must be a non-empty string');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_TTL_SECONDS}, not ${ttlSeconds}`);
  if (!Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite number');
  // The username is `<expiry>:<id>`: a ':' in the id would move the expiry coturn reads.
  const safeId = String(id).replace(/[^A-Za-z0-9._~-]/g, '').slice(0, 64) || 'viewer';
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${safeId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
