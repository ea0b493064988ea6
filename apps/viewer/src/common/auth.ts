/**
 * The one place where a viewer's messages to a streamer get their `auth` field.
 *
 * Pairing (ARCHITECTURE.md §2) will fill this in: the long-term per-viewer credential the streamer
 * issued, and a MAC over the message (type, session, sdp or payload) with a key derived from the
 * pairing secret, so an untrusted relay can neither forge nor replay offers. Until then the
 * credential is empty. Every offer and request goes through authFor(), so completing pairing
 * changes this module only.
 */
import type { PairedStreamer } from './streamers.ts';

/** The parts of an outgoing message that authentication covers. */
export interface AuthenticatedMessage {
  type: 'offer' | 'request';
  session: string;
  /** The offer's SDP or the request's payload. */
  body: string;
  camera?: string;
}

/** The opaque `auth` string for a message to `streamer` (empty until pairing lands). */
export async function authFor(streamer: Pick<PairedStreamer, 'id' | 'token'>, message: AuthenticatedMessage): Promise<string> {
  void streamer;
  void message;
  return '';
}
