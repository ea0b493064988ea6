/**
 * Short-lived TURN credentials in coturn's REST-API scheme (`use-auth-secret`): the streamer and
 * the TURN server share a secret; for each viewer session the streamer mints
 *
 *   username   = "<unix expiry>:<id>"
 *   credential = base64(HMAC-SHA1(secret, username))
 *
 * and the TURN server checks the HMAC and the expiry itself. No long-term TURN password ever
 * reaches a viewer, and a revoked viewer's TURN access ends when its last credential expires.
 */
import { createHmac } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
  /** When the credential stops working (ms since the epoch). */
  expiresAt: number;
}

/** Mints a credential valid for `ttlSeconds` from `nowMs`; `id` names who it is for (its ':' are dropped). */
export function mintTurnCredential(secret: string, ttlSeconds: number, id: string, nowMs = Date.now()): TurnCredential {
  if (!secret) throw new Error('TURN secret is empty');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('TURN credential lifetime must be a positive whole number of seconds');
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${id.replace(/[^A-Za-z0-9_~.-]/g, '').slice(0, 64) || 'vigil'}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
