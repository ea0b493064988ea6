/**
 * The one place where a viewer's messages to a streamer get their `auth` field, and where the
 * streamer's replies are checked.
 *
 * Pairing (ARCHITECTURE.md §2) completes this module: authFor() returns the long-term per-viewer
 * credential the streamer issued plus a MAC over the message fields below, with a key derived
 * from the pairing secret, so an untrusted relay can neither forge nor replay offers; and
 * verifyReply() checks the signature the streamer puts on its answers and responses (the engine's
 * bridge signs { type, session, camera?, body }). Every offer and request goes through authFor()
 * and every answer and response through verifyReply(), so completing pairing changes this module
 * only. Until then the credential is empty and every reply is accepted.
 */
import type { PairedStreamer } from './streamers.ts';

/** The fields that authentication covers, in both directions. */
export interface AuthenticatedFields {
  type: 'offer' | 'request' | 'answer' | 'response';
  session: string;
  /** The SDP of an offer or answer, or the payload of a request or response. */
  body: string;
  /** The camera of an offer or answer. */
  camera?: string;
}

/** The streamer data authentication may use (id and, until exchanged, the one-time token). */
export type AuthPeer = Pick<PairedStreamer, 'id' | 'token'>;

/** The opaque `auth` string for an offer or request to `streamer` (empty until pairing lands). */
export async function authFor(streamer: AuthPeer, message: AuthenticatedFields & { type: 'offer' | 'request' }): Promise<string> {
  void streamer;
  void message;
  return '';
}

/** True when an answer or response really comes from `streamer` (always, until pairing lands). */
export async function verifyReply(streamer: AuthPeer, reply: AuthenticatedFields & { type: 'answer' | 'response' }, auth: string | undefined): Promise<boolean> {
  void streamer;
  void reply;
  void auth;
  return true;
}
