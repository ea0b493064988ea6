import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPairRequest, openPairResponse, parsePairingUri, signViewerMessage, type PairingOffer, type ViewerCredential } from '@vigil/shared/pairing';
import { createPairingService } from './service.ts';

const STREAMER = 'abcdefghijklmnopqrstuv';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-pairing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const make = (offerTtlMs?: number) =>
  createPairingService({ dataDir: dir, streamerId: STREAMER, streamerName: () => 'Home', address: () => ({ url: 'ws://127.0.0.1:8080' }), offerTtlMs });

async function pairViewer(service: Awaited<ReturnType<typeof make>>, name = 'Laptop') {
  const parsed = parsePairingUri(service.offers.issue().uri);
  if (!parsed.ok) throw new Error(parsed.error);
  const { request, keys } = await createPairRequest(parsed.offer, name);
  const response = await service.handlePairRequest(JSON.stringify(request));
  return { offer: parsed.offer, request, response, cred: response.ok ? await openPairResponse(parsed.offer, keys, response) : undefined };
}

async function offerFrom(cred: ViewerCredential, session = 'session-1', sdp = 'v=0 offer') {
  const auth = await signViewerMessage(cred, { type: 'offer', streamerId: STREAMER, session, camera: 'porch', body: sdp });
  return { from: '~abcdefghijkl', kind: 'offer' as const, session, cameraId: 'porch', body: sdp, auth };
}

describe('pairing service', () => {
  it('pairs a viewer, stores only a hash, and authorises its signed offers', async () => {
    const service = await make();
    const { cred } = await pairViewer(service);
    expect(cred).toBeDefined();
    expect(service.viewers.list()).toMatchObject([{ id: cred!.viewerId, name: 'Laptop' }]);
    const file = await readFile(join(dir, 'viewers.json'), 'utf8');
    expect(file).not.toContain(cred!.credential);
    expect((await stat(join(dir, 'pairing-key.json'))).mode & 0o777).toBe(0o600);
    const verdict = await service.authorize(await offerFrom(cred!));
    expect(verdict).toMatchObject({ ok: true, viewer: cred!.viewerId });
  });

  // Audit item 8: the relay could flip an offer's substream flag without breaking its MAC.
  it('honours only a signed substream flag; a relay can neither remove nor add one', async () => {
    const service = await make();
    const { cred } = await pairViewer(service);
    const signedOffer = async (session: string, signedSubstream: boolean, sentSubstream: boolean | undefined) => {
      const auth = await signViewerMessage(cred!, { type: 'offer', streamerId: STREAMER, session, camera: 'porch', body: 'v=0', substream: signedSubstream });
      return { from: '~abcdefghijkl', kind: 'offer' as const, session, cameraId: 'porch', body: 'v=0', auth, substream: sentSubstream };
    };
    expect(await service.authorize(await signedOffer('s1', true, true))).toMatchObject({ ok: true, substream: true });
    expect(await service.authorize(await signedOffer('s2', false, undefined))).toMatchObject({ ok: true, substream: false });
    // Removed by the relay: the MAC covered it, so the offer is refused.
    expect(await service.authorize(await signedOffer('s3', true, undefined))).toEqual({ ok: false, reason: 'the request was altered on the way' });
    expect(await service.authorize(await signedOffer('s4', true, false))).toEqual({ ok: false, reason: 'the request was altered on the way' });
    // Added by the relay, or sent by a viewer made before the flag was signed: the main stream.
    expect(await service.authorize(await signedOffer('s5', false, true))).toMatchObject({ ok: true, substream: false });
  });

  it('refuses a replayed token, an expired token and a wrong token', async () => {
    const service = await make();
    const first = await pairViewer(service);
    const again = await service.handlePairRequest(JSON.stringify(first.request));
    expect(again).toMatchObject({ ok: false, code: 'used' });

    const quick = await make(50);
    const uri = parsePairingUri(quick.offers.issue().uri);
    await new Promise((r) => setTimeout(r, 80));
    const late = await createPairRequest((uri as { offer: PairingOffer }).offer, 'Late');
    expect(await quick.handlePairRequest(JSON.stringify(late.request))).toMatchObject({ ok: false, code: 'expired' });

    const forged = await createPairRequest({ ...first.offer, token: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'Thief');
    expect(await service.handlePairRequest(JSON.stringify(forged.request))).toMatchObject({ ok: false, code: 'bad-token' });
    expect(await service.handlePairRequest('not json')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(service.viewers.list()).toHaveLength(1);
  });

  it('refuses replays, altered offers and revoked viewers', async () => {
    const service = await make();
    const { cred } = await pairViewer(service);
    const request = await offerFrom(cred!);
    expect((await service.authorize(request)).ok).toBe(true);
    expect(await service.authorize(request)).toMatchObject({ ok: false, reason: /replayed/ });
    const altered = { ...(await offerFrom(cred!, 'session-2')), body: 'v=0 evil' };
    expect(await service.authorize(altered)).toMatchObject({ ok: false, reason: /altered/ });
    expect(await service.authorize({ ...request, auth: undefined })).toMatchObject({ ok: false, reason: /not paired/ });

    const revoked: string[] = [];
    service.viewers.onRevoke((id) => revoked.push(id));
    expect(await service.viewers.revoke(cred!.viewerId)).toBe(true);
    expect(revoked).toEqual([cred!.viewerId]);
    expect(await service.authorize(await offerFrom(cred!, 'session-3'))).toMatchObject({ ok: false, reason: /not paired/ });
  });

  it('keeps paired viewers and its key across a restart', async () => {
    const { cred } = await pairViewer(await make());
    const restarted = await make();
    expect((await restarted.authorize(await offerFrom(cred!, 'session-9'))).ok).toBe(true);
  });
});
