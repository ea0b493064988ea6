/**
 * Per-request authentication between a paired viewer and its streamer, in the relay's opaque
 * `auth` field. The relay never sees the credential C and cannot alter a message undetected:
 *
 *   viewer → streamer  auth = { vid, key: E.pub, box: AES-GCM(HKDF(ECDH(E, S_static)), C), ts,
 *                               mac: HMAC(K, type ‖ streamer ‖ session ‖ camera ‖ SHA-256(body) ‖ ts) }
 *   streamer → viewer  auth = { mac: HMAC(K, reply ‖ streamer ‖ session ‖ SHA-256(body)) }
 * with K = HKDF(C, "vigil-mac"). The streamer keeps only a slow hash of C; it learns C from the
 * box, checks it against the hash, then checks the MAC, the time and that the session is new.
 */
import { z } from 'zod';
import { fromBase64url } from '../encoding.ts';
import { ecdh, ecdhKeyPair, hkdf, hmac, hmacVerify, open, seal, sha256 } from './crypto.ts';
import { parsePayload, type ViewerCredential } from './handshake.ts';

/** How far a request's clock may be from the streamer's. Default 5 minutes. */
export const AUTH_CLOCK_SKEW_MS = 5 * 60_000;

export const ViewerAuth = z.strictObject({
  v: z.literal(1),
  vid: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  key: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  box: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/),
  ts: z.number().int(),
  mac: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export const StreamerAuth = z.strictObject({ v: z.literal(1), mac: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export type ViewerAuth = z.infer<typeof ViewerAuth>;

/** What a signed message covers: its type, the streamer, the session, the camera and the body. */
export interface SignedFields {
  type: string;
  streamerId: string;
  session: string;
  camera?: string;
  /** The SDP or payload. */
  body: string;
  /**
   * An offer's low-resolution flag. Signed only when true, as one more line, so the text of every
   * other message (and of viewers made before the flag was signed) is unchanged.
   */
  substream?: boolean;
}

const macKey = (credential: Uint8Array) => hkdf(credential, new Uint8Array(0), 'vigil-mac:v1');
const boxKey = (secret: Uint8Array) => hkdf(secret, new Uint8Array(0), 'vigil-auth-box:v1');
const signedText = async (f: SignedFields, ts: number | string) =>
  `vigil-msg:v1\n${f.type}\n${f.streamerId}\n${f.session}\n${f.camera ?? ''}\n${await sha256(f.body)}\n${ts}${f.substream ? '\nsubstream' : ''}`;

/** Viewer: the `auth` string for an offer or request to a paired streamer. */
export async function signViewerMessage(cred: ViewerCredential, fields: SignedFields, now = Date.now()): Promise<string> {
  const credential = fromBase64url(cred.credential);
  const ephemeral = await ecdhKeyPair();
  const box = await seal(await boxKey(await ecdh(ephemeral.privateKey, cred.staticKey)), credential, cred.viewerId);
  const mac = await hmac(await macKey(credential), await signedText(fields, now));
  const auth: ViewerAuth = { v: 1, vid: cred.viewerId, key: ephemeral.publicKey, box, ts: now, mac };
  return JSON.stringify(auth);
}

/** Streamer, step 1: reads the viewer id and credential out of `auth` (still unverified). */
export async function openViewerAuth(staticPrivateKey: VigilCryptoKey, auth: string | undefined) {
  if (!auth) throw new AuthError('not paired: this viewer sent no credential');
  const parsed = parsePayload(ViewerAuth, auth);
  if (!parsed.ok) throw new AuthError(`malformed credential (${parsed.error})`);
  const a = parsed.value;
  let credential: Uint8Array;
  try {
    credential = await open(await boxKey(await ecdh(staticPrivateKey, a.key)), a.box, a.vid);
  } catch {
    throw new AuthError('the credential could not be opened: it was not made for this streamer');
  }
  return { viewerId: a.vid, credential, auth: a };
}

/** Streamer, step 2 (after the credential matched its stored hash): checks time and MAC. */
export async function verifyViewerMessage(credential: Uint8Array, auth: ViewerAuth, fields: SignedFields, now = Date.now()): Promise<void> {
  if (Math.abs(now - auth.ts) > AUTH_CLOCK_SKEW_MS) throw new AuthError('the request is too old or its clock is wrong');
  if (!(await hmacVerify(await macKey(credential), await signedText(fields, auth.ts), auth.mac))) {
    throw new AuthError('the request was altered on the way');
  }
}

/** Streamer: the `auth` string of an answer or response to a paired viewer. */
export async function signStreamerMessage(credential: Uint8Array, fields: SignedFields): Promise<string> {
  return JSON.stringify({ v: 1, mac: await hmac(await macKey(credential), await signedText(fields, 'reply')) });
}

/** Viewer: checks that an answer or response really comes from the paired streamer. */
export async function verifyStreamerMessage(cred: ViewerCredential, auth: string | undefined, fields: SignedFields): Promise<boolean> {
  if (!auth) return false;
  const parsed = parsePayload(StreamerAuth, auth);
  if (!parsed.ok) return false;
  return hmacVerify(await macKey(fromBase64url(cred.credential)), await signedText(fields, 'reply'), parsed.value.mac);
}

/** A refused credential, with a reason the viewer can show. */
export class AuthError extends Error {
  override name = 'AuthError';
}
