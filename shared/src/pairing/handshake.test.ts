import { describe, expect, it } from 'vitest';
import { ecdhKeyPair, randomBase64url } from './crypto.ts';
import { answerPairRequest, createPairRequest, openPairResponse, verifyPairRequest, type PairResponse } from './handshake.ts';
import { AuthError, openViewerAuth, signStreamerMessage, signViewerMessage, verifyStreamerMessage, verifyViewerMessage } from './auth.ts';
import type { PairingOffer } from './uri.ts';

const offer: PairingOffer = { version: 1, url: 'ws://127.0.0.1:8080', streamerId: 'abcdefghijklmnopqrstuv', token: randomBase64url(16) };

async function pair() {
  const streamerStatic = await ecdhKeyPair();
  const { request, keys } = await createPairRequest(offer, 'Kitchen laptop');
  expect(await verifyPairRequest(offer.token, offer.streamerId, request)).toBe(true);
  const answered = await answerPairRequest({ token: offer.token, streamerId: offer.streamerId, streamerName: 'Home', staticKey: streamerStatic.publicKey, request });
  const cred = await openPairResponse(offer, keys, answered.response);
  return { streamerStatic, answered, cred, keys, request };
}

describe('pairing handshake', () => {
  it('gives both sides the same credential', async () => {
    const { answered, cred } = await pair();
    expect(cred.viewerId).toBe(answered.viewerId);
    expect(cred.credential).toBe(Buffer.from(answered.credential).toString('base64url'));
    expect(cred.streamerName).toBe('Home');
  });

  it('refuses a request made without the token, or for another streamer', async () => {
    const { request } = await createPairRequest({ ...offer, token: randomBase64url(16) }, 'Thief');
    expect(await verifyPairRequest(offer.token, offer.streamerId, request)).toBe(false);
    const good = await createPairRequest(offer, 'Kitchen');
    expect(await verifyPairRequest(offer.token, 'zzzzzzzzzzzzzzzzzzzzzz', good.request)).toBe(false);
    expect(await verifyPairRequest(offer.token, offer.streamerId, { ...good.request, name: 'Renamed' })).toBe(false);
  });

  it('detects a relay that substitutes its own key in the response', async () => {
    const { answered, keys } = await pair();
    const relay = await ecdhKeyPair();
    const forged = { ...answered.response, key: relay.publicKey } as PairResponse;
    await expect(openPairResponse(offer, keys, forged)).rejects.toThrow(/not signed with this QR code/);
  });
});

describe('per-request authentication', () => {
  const fields = { type: 'offer', streamerId: offer.streamerId, session: 'session-1', camera: 'porch', body: 'v=0\r\nsdp' };

  it('round-trips an offer and its answer', async () => {
    const { streamerStatic, cred, answered } = await pair();
    const auth = await signViewerMessage(cred, fields);
    const opened = await openViewerAuth(streamerStatic.privateKey, auth);
    expect(opened.viewerId).toBe(cred.viewerId);
    expect(opened.credential).toEqual(answered.credential);
    await verifyViewerMessage(opened.credential, opened.auth, fields);
    const reply = { ...fields, type: 'answer', body: 'v=0 answer' };
    const answerAuth = await signStreamerMessage(opened.credential, reply);
    expect(await verifyStreamerMessage(cred, answerAuth, reply)).toBe(true);
    expect(await verifyStreamerMessage(cred, answerAuth, { ...reply, body: 'v=0 forged' })).toBe(false);
    expect(await verifyStreamerMessage(cred, undefined, reply)).toBe(false);
  });

  it('refuses an altered offer, an old one, and one made for another streamer', async () => {
    const { streamerStatic, cred } = await pair();
    const auth = await signViewerMessage(cred, fields);
    const opened = await openViewerAuth(streamerStatic.privateKey, auth);
    await expect(verifyViewerMessage(opened.credential, opened.auth, { ...fields, body: 'v=0 altered' })).rejects.toThrow(/altered/);
    await expect(verifyViewerMessage(opened.credential, opened.auth, { ...fields, camera: 'garage' })).rejects.toThrow(/altered/);
    await expect(verifyViewerMessage(opened.credential, opened.auth, fields, Date.now() + 10 * 60_000)).rejects.toThrow(/too old/);
    const other = await ecdhKeyPair();
    await expect(openViewerAuth(other.privateKey, auth)).rejects.toBeInstanceOf(AuthError);
    await expect(openViewerAuth(streamerStatic.privateKey, undefined)).rejects.toThrow(/not paired/);
    await expect(openViewerAuth(streamerStatic.privateKey, '{"v":1}')).rejects.toThrow(/malformed/);
  });
});
