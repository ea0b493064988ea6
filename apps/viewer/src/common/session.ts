/** Session ids: one per offer or request attempt, so late messages of an old attempt are ignored. */
import { toBase64url } from '@vigil/shared/encoding';

/** Random bytes in a session id (16 base64url characters; the protocol wants 8-64). */
export const SESSION_ID_BYTES = 12;

/** A fresh random session id. */
export function newSessionId(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(SESSION_ID_BYTES)));
}
