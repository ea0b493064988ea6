/**
 * The one place where a viewer's messages to a streamer get their `auth` field, and where the
 * streamer's replies are checked (ARCHITECTURE.md §2; the scheme is in shared/src/pairing/auth.ts).
 * authFor() puts the encrypted credential and a MAC over the fields below into every offer and
 * request, so an untrusted relay can neither forge nor alter them; verifyReply() checks the MAC
 * the streamer puts on its answers and responses, so a relay cannot pass itself off as the
 * streamer. A streamer that was never paired (no credential) gets no auth, and none of its replies
 * is trusted.
 */
import { signViewerMessage, verifyStreamerMessage, type ViewerCredential } from '@vigil/shared/pairing';
import type { PairedStreamer } from './streamers.ts';

/** The fields that authentication covers, in both directions. */
export interface AuthenticatedFields {
  type: 'offer' | 'request' | 'answer' | 'response';
  session: string;
  /** The SDP of an offer or answer, or the payload of a request or response. */
  body: string;
  /** The camera of an offer or answer. */
  camera?: string;
  /** An offer's request for the low-resolution stream (signed, so a relay cannot flip it). */
  substream?: boolean;
}

/** The streamer data authentication uses. */
export type AuthPeer = Pick<PairedStreamer, 'id' | 'name' | 'credential'>;

function credentialOf(streamer: AuthPeer): ViewerCredential | undefined {
  const c = streamer.credential;
  return c && { streamerId: streamer.id, viewerId: c.viewerId, credential: c.credential, staticKey: c.staticKey, streamerName: streamer.name };
}

/** The opaque `auth` string for an offer or request to `streamer` (empty when not paired). */
export async function authFor(streamer: AuthPeer, message: AuthenticatedFields & { type: 'offer' | 'request' }): Promise<string> {
  const cred = credentialOf(streamer);
  if (!cred) return '';
  return signViewerMessage(cred, { type: message.type, streamerId: streamer.id, session: message.session, camera: message.camera, body: message.body, substream: message.substream });
}

/** True when an answer or response really comes from the paired `streamer`. */
export async function verifyReply(streamer: AuthPeer, reply: AuthenticatedFields & { type: 'answer' | 'response' }, auth: string | undefined): Promise<boolean> {
  const cred = credentialOf(streamer);
  if (!cred) return false;
  return verifyStreamerMessage(cred, auth, { type: reply.type, streamerId: streamer.id, session: reply.session, camera: reply.camera, body: reply.body });
}
