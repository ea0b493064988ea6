/**
 * Pairing and viewer authorisation for the engine: answers `pair-request`s with a credential,
 * and checks every later viewer message (credential → stored hash → MAC → freshness → replay)
 * before the bridge acts on it. Replies are signed so the viewer can tell the real streamer.
 */
import type { SignalingRoute } from '@vigil/shared/pairing';
import { join } from 'node:path';
import {
  AUTH_CLOCK_SKEW_MS,
  AuthError,
  PairRequest,
  answerPairRequest,
  ecdhKeyPair,
  exportPrivateKey,
  importEcdhKeyPair,
  openViewerAuth,
  parsePayload,
  signStreamerMessage,
  verifyViewerMessage,
  type EcdhKeyPair,
  type PairResponse,
  type SignedFields,
} from '@vigil/shared/pairing';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-file.ts';
import { DataFileError, parseDataFile, readDataFile } from '../config/data-file.ts';
import type { Authorize } from '../signaling/bridge.ts';
import { createOfferBook } from './offers.ts';
import { openViewerRegistry } from './viewers.ts';

interface Options {
  dataDir: string;
  streamerId: string;
  streamerName: () => string;
  /** Where viewers reach this streamer's signalling, for the QR code. */
  address: () => { url: string; fingerprint?: string; routes?: readonly SignalingRoute[] };
  offerTtlMs?: number;
}

/** Creates the pairing service (loads or makes the static key and the viewer list). */
export async function createPairingService(options: Options) {
  const staticKey = await loadOrCreateStaticKey(join(options.dataDir, 'pairing-key.json'));
  const viewers = await openViewerRegistry(join(options.dataDir, 'viewers.json'));
  const offers = createOfferBook({ streamerId: () => options.streamerId, address: options.address, ttlMs: options.offerTtlMs });
  const seen = new Map<string, number>(); // MACs of accepted requests → expiry, against replays

  const authorize: Authorize = async (request) => {
    try {
      const { viewerId, credential, auth } = await openViewerAuth(staticKey.privateKey, request.auth);
      if (!(await viewers.verify(viewerId, credential))) {
        return { ok: false, reason: 'this viewer is not paired with this streamer (it may have been removed): pair it again' };
      }
      const fields: SignedFields = { type: request.kind, streamerId: options.streamerId, session: request.session, camera: request.cameraId, body: request.body, substream: request.substream };
      const substream = await verifySubstream(credential, auth, fields);
      const now = Date.now();
      for (const [mac, expiry] of seen) if (expiry < now) seen.delete(mac);
      if (seen.has(auth.mac)) return { ok: false, reason: 'this request was replayed' };
      seen.set(auth.mac, now + 2 * AUTH_CLOCK_SKEW_MS);
      return { ok: true, viewer: viewerId, substream, sign: (reply) => signStreamerMessage(credential, { ...reply, streamerId: options.streamerId }) };
    } catch (error) {
      if (error instanceof AuthError) return { ok: false, reason: error.message };
      throw error;
    }
  };

  /** Answers one pair-request payload with the pair-response payload. */
  async function handlePairRequest(payload: string): Promise<PairResponse> {
    const parsed = parsePayload(PairRequest, payload);
    if (!parsed.ok) return { v: 1, ok: false, code: 'bad-request', message: `malformed pairing request: ${parsed.error}`.slice(0, 200) };
    const redeemed = await offers.redeem(parsed.value);
    if (!redeemed.ok) return { v: 1, ok: false, code: redeemed.code, message: redeemed.message };
    const answered = await answerPairRequest({
      token: redeemed.token,
      streamerId: options.streamerId,
      streamerName: options.streamerName(),
      staticKey: staticKey.publicKey,
      request: parsed.value,
    });
    await viewers.add(answered.viewerId, parsed.value.name, answered.credential);
    return answered.response;
  }

  return { offers, viewers, authorize, handlePairRequest };
}
export type PairingService = Awaited<ReturnType<typeof createPairingService>>;

/**
 * Verifies the MAC and says whether the substream flag is to be honoured. A flag covered by the
 * MAC is; a viewer made before the flag was signed asks for it with a MAC over the other fields,
 * and gets the main stream (always a correct picture), so a relay that adds or removes the flag
 * can never choose the stream: adding it yields the main stream, removing a signed one fails.
 */
async function verifySubstream(credential: Uint8Array, auth: Parameters<typeof verifyViewerMessage>[1], fields: SignedFields): Promise<boolean> {
  if (!fields.substream) return (await verifyViewerMessage(credential, auth, fields), false);
  try {
    await verifyViewerMessage(credential, auth, fields);
    return true;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    await verifyViewerMessage(credential, auth, { ...fields, substream: false });
    return false;
  }
}

async function loadOrCreateStaticKey(file: string): Promise<EcdhKeyPair> {
  // Only a missing key is made afresh: a new key unpairs every viewer, so an empty or damaged
  // one (a full disk, a bad restore) stops the engine with the remedy instead.
  const remedy = 'Restore it from a backup; only if none exists, delete it (every paired viewer must then pair again).';
  const text = await readDataFile(file, remedy);
  if (text !== undefined) {
    const { publicKey, pkcs8 } = parseDataFile(file, text, StaticKeyFile, remedy);
    return importEcdhKeyPair(publicKey, pkcs8).catch((error: Error) => {
      throw new DataFileError(file, `holds no usable key (${error.message})`, remedy);
    });
  }
  const pair = await ecdhKeyPair();
  await writeFileAtomic(file, JSON.stringify({ publicKey: pair.publicKey, pkcs8: await exportPrivateKey(pair.privateKey) }) + '\n', 0o600);
  return pair;
}

const StaticKeyFile = z.object({ publicKey: z.string().min(1), pkcs8: z.string().min(1) });
