/**
 * Pairing handshake, carried in `pair-request` / `pair-response` payloads through an untrusted
 * relay. The one-time token from the QR code never travels: both sides prove they hold it with
 * HMACs, and the long-term credential travels encrypted under a fresh ECDH secret.
 *
 *   viewer:   E_v ← ECDH key;  request = { name, key: E_v.pub, mac: HMAC(token, req ‖ id ‖ E_v.pub ‖ name) }
 *   streamer: checks mac against its live tokens (single use, expiring); E_s ← ECDH key;
 *             C ← 32 random bytes; box = AES-GCM(HKDF(ECDH(E_s, E_v), token), C)
 *             response = { viewerId, key: E_s.pub, box, staticKey, name, mac: HMAC(token, resp ‖ …) }
 *   viewer:   checks mac, opens box → keeps { viewerId, C, staticKey }
 * A relay that swaps keys cannot produce either MAC without the token, so it can neither pair
 * itself nor stand in for the streamer.
 */
import { z } from 'zod';
import { fromBase64url, toBase64url } from '../encoding.ts';
import { describeIssues } from '../issues.ts';
import { ecdh, ecdhKeyPair, hkdf, hmac, hmacVerify, open, randomBase64url, seal, type EcdhKeyPair } from './crypto.ts';
import type { PairingOffer } from './uri.ts';

const B64 = (min: number, max: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
const EcPoint = B64(87, 87);
const Mac = B64(43, 43);

export const PairRequest = z.strictObject({ v: z.literal(1), name: z.string().min(1).max(80), key: EcPoint, mac: Mac });
export const PairResponse = z.discriminatedUnion('ok', [
  z.strictObject({
    v: z.literal(1),
    ok: z.literal(true),
    viewerId: B64(22, 22),
    key: EcPoint,
    box: B64(80, 100),
    staticKey: EcPoint,
    name: z.string().min(1).max(80),
    mac: Mac,
  }),
  z.strictObject({ v: z.literal(1), ok: z.literal(false), code: z.enum(['bad-token', 'expired', 'used', 'bad-request']), message: z.string().max(200) }),
]);
export type PairRequest = z.infer<typeof PairRequest>;
export type PairResponse = z.infer<typeof PairResponse>;

/** What a paired viewer keeps about a streamer. */
export interface ViewerCredential {
  streamerId: string;
  viewerId: string;
  /** The long-term secret, base64url (32 bytes). */
  credential: string;
  /** The streamer's static ECDH key, to which later requests encrypt the credential. */
  staticKey: string;
  streamerName: string;
}

const requestText = (streamerId: string, p: Pick<PairRequest, 'key' | 'name'>) => `vigil-pair-req:v1\n${streamerId}\n${p.key}\n${p.name}`;
const responseText = (streamerId: string, requestKey: string, p: Omit<Extract<PairResponse, { ok: true }>, 'mac' | 'v' | 'ok'>) =>
  `vigil-pair-resp:v1\n${streamerId}\n${requestKey}\n${p.viewerId}\n${p.key}\n${p.box}\n${p.staticKey}\n${p.name}`;

/** Parses a JSON payload with a schema; a readable error instead of a throw. */
export function parsePayload<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'payload is not JSON' };
  }
  const result = schema.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}

/** Viewer: starts pairing with a scanned offer. Keep `keys` until the response arrives. */
export async function createPairRequest(offer: PairingOffer, viewerName: string): Promise<{ request: PairRequest; keys: EcdhKeyPair }> {
  const keys = await ecdhKeyPair();
  const body = { key: keys.publicKey, name: viewerName };
  return { request: { v: 1, ...body, mac: await hmac(fromBase64url(offer.token), requestText(offer.streamerId, body)) }, keys };
}

/** Streamer: true when `request` proves possession of `token` (a 16-byte base64url string). */
export function verifyPairRequest(token: string, streamerId: string, request: PairRequest): Promise<boolean> {
  return hmacVerify(fromBase64url(token), requestText(streamerId, request), request.mac);
}

/** Streamer: answers a verified request; returns the response and the new viewer's secret. */
export async function answerPairRequest(args: { token: string; streamerId: string; streamerName: string; staticKey: string; request: PairRequest }) {
  const { token, streamerId, request } = args;
  const ephemeral = await ecdhKeyPair();
  const viewerId = randomBase64url(16);
  const credential = crypto.getRandomValues(new Uint8Array(32));
  const encKey = await hkdf(await ecdh(ephemeral.privateKey, request.key), fromBase64url(token), 'vigil-pair-box:v1');
  const body = { viewerId, key: ephemeral.publicKey, box: await seal(encKey, credential, viewerId), staticKey: args.staticKey, name: args.streamerName };
  const mac = await hmac(fromBase64url(token), responseText(streamerId, request.key, body));
  const response: PairResponse = { v: 1, ok: true, ...body, mac };
  return { response, viewerId, credential };
}

/** Viewer: checks the streamer's response and opens the credential; throws a readable error. */
export async function openPairResponse(offer: PairingOffer, keys: EcdhKeyPair, response: PairResponse): Promise<ViewerCredential> {
  if (!response.ok) throw new Error(response.message);
  const token = fromBase64url(offer.token);
  const { mac: _mac, v: _v, ok: _ok, ...body } = response;
  if (!(await hmacVerify(token, responseText(offer.streamerId, keys.publicKey, body), response.mac))) {
    throw new Error('the pairing reply was not signed with this QR code: the relay may have altered it');
  }
  const encKey = await hkdf(await ecdh(keys.privateKey, response.key), token, 'vigil-pair-box:v1');
  const credential = await open(encKey, response.box, response.viewerId);
  return { streamerId: offer.streamerId, viewerId: response.viewerId, credential: toBase64url(credential), staticKey: response.staticKey, streamerName: response.name };
}
