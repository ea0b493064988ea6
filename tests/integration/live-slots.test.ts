// Audit item 5: live and playback slots. A real engine (test-pattern camera, werift sessions), its
// real signalling server over ws, and one paired viewer in Node firing signed offers at once.
// Before the fix every cap was checked after an await (30 of 16 live offers answered, 30 of 2
// playback sessions), and an answered session that never connected held its slot for good.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RTCPeerConnection, useH264 } from 'werift';
import type { SignalingClient } from '@vigil/signaling/node';
import { randomBase64url, signViewerMessage, type ViewerCredential } from '@vigil/shared/pairing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { until, waitFor } from '../helpers/wait.ts';

// Longer than a burst of 30 offers takes to answer on a loaded 2-core machine: the caps bound
// sessions open at once, and an answered session reaped mid-burst would make room for another.
// (Answers used to wait ~2 s on werift's implicit public STUN lookup, which hid this.)
const CONNECT_TIMEOUT_MS = 15_000;
let dir: string;
let engine: Engine;
let client: SignalingClient;
let cred: ViewerCredential;
const peers: RTCPeerConnection[] = [];
const api = async <T>(path: string): Promise<T> => (await (await fetch(engine.info.apiUrl + path, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as T;

/** A werift offer like a viewer's: recvonly video and a data channel (or the data channel alone). */
async function offer(video: boolean): Promise<string> {
  const pc = new RTCPeerConnection({ codecs: { video: [useH264()] } });
  peers.push(pc);
  if (video) pc.addTransceiver('video', { direction: 'recvonly' });
  pc.createDataChannel(video ? 'events' : 'playback');
  await pc.setLocalDescription(await pc.createOffer());
  return pc.localDescription!.sdp;
}

/** A signed live offer for `camera`; resolves with 'answer' or the bye's reason. */
async function liveOffer(camera: string): Promise<string> {
  const session = randomBase64url(9);
  const sdp = await offer(true);
  const auth = await signViewerMessage(cred, { type: 'offer', streamerId: cred.streamerId, session, camera, body: sdp });
  const reply = await exchange(client, { type: 'offer', to: cred.streamerId, session, camera, sdp, auth }, (m) => m.type === 'answer' || m.type === 'bye', 30_000);
  return reply.type === 'answer' ? 'answer' : (reply as { reason: string }).reason;
}

/** A signed playback request; resolves with 'answer' or the error. */
async function playbackRequest(camera: string): Promise<string> {
  const session = randomBase64url(9);
  const payload = JSON.stringify({ method: 'playback', camera, sdp: await offer(false) });
  const auth = await signViewerMessage(cred, { type: 'request', streamerId: cred.streamerId, session, body: payload });
  const reply = await exchange(client, { type: 'request', to: cred.streamerId, session, payload, auth }, (m) => m.type === 'response', 30_000);
  const body = JSON.parse((reply as { payload: string }).payload) as { sdp?: string; error?: string };
  return body.sdp ? 'answer' : (body.error ?? 'no answer and no error');
}

const tally = (replies: string[]) => ({ answered: replies.filter((r) => r === 'answer').length, refused: replies.filter((r) => r !== 'answer') });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-slots-'));
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: { cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 320, height: 180, fps: 5 } }] },
    // Short, so a session that never connects is reaped within the test.
    camera: { connectTimeoutMs: CONNECT_TIMEOUT_MS },
    playback: { connectTimeoutMs: CONNECT_TIMEOUT_MS },
  });
  client = await connectSignaling(engine.info.signalingUrl);
  const uri = ((await (await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { uri: string }).uri;
  const paired = await pair(client, uri, 'Greedy viewer');
  cred = paired.cred!;
}, 60_000);

afterAll(async () => {
  await Promise.all(peers.map((pc) => pc.close().catch(() => undefined)));
  client?.stop();
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('live and playback slots (audit item 5)', () => {
  it('answers at most the per-viewer cap of 30 concurrent live offers and refuses the rest with a reason', async () => {
    const { answered, refused } = tally(await Promise.all(Array.from({ length: 30 }, () => liveOffer('yard'))));
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(4); // maxSessionsPerViewerPerCamera's default
    expect(refused).toHaveLength(30 - answered);
    for (const reason of refused) expect(reason).toMatch(/already has \d+ live sessions|still being answered/);
  }, 60_000);

  it('reaps answered live sessions that never connect, which frees the viewer’s slots', async () => {
    await waitFor(() => api<unknown[]>('/api/sessions'), (s) => s.length === 0, CONNECT_TIMEOUT_MS * 3, { what: 'unconnected live sessions reaped', every: 250 });
    expect(await liveOffer('yard')).toBe('answer');
  }, 60_000);

  it('keeps the camera cap (16) against concurrent opens that bypass the viewer caps', async () => {
    const results = await Promise.allSettled(Array.from({ length: 30 }, async () => engine.manager.openSession({ cameraId: 'yard', offerSdp: await offer(true) })));
    const opened = results.filter((r) => r.status === 'fulfilled');
    const refusedReasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    expect(opened.length).toBeLessThanOrEqual(16);
    expect(opened.length).toBeGreaterThan(0);
    for (const reason of refusedReasons) expect(reason).toMatch(/already has 16 viewers/);
    await until(() => engine.manager.sessions().length === 0, CONNECT_TIMEOUT_MS * 3, 'the unconnected sessions reaped');
  }, 60_000);

  it('answers at most 2 of 30 concurrent playback requests from one viewer, the rest refused with a reason', async () => {
    const { answered, refused } = tally(await Promise.all(Array.from({ length: 30 }, () => playbackRequest('yard'))));
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(2);
    for (const reason of refused) expect(reason).toMatch(/already has 2 playback sessions/);
    await until(() => engine.playback.list().length === 0, CONNECT_TIMEOUT_MS * 3, 'the unconnected playback sessions reaped');
  }, 60_000);
});
