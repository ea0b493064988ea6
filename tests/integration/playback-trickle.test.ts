// Trickle ICE for playback, as for live view: an engine with STUN and TURN set (Debian's coturn on
// loopback) answers a playback request after a short gathering wait and sends its candidates,
// its TURN relay among them, as `candidate` messages on the request's session; a paired viewer in
// Node (werift, as playback-exports.test.ts) takes them and its playback channel opens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RTCPeerConnection } from 'werift';
import type { SignalingClient } from '@vigil/signaling/node';
import { randomBase64url, signViewerMessage, type ViewerCredential } from '@vigil/shared/pairing';
import { PLAYBACK_CHANNEL } from '@vigil/shared/recording';
import type { IceCandidate, ServerMessage } from '@vigil/shared/signaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { startCoturn, type Coturn } from '../fixtures/coturn.ts';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { waitFor } from '../helpers/wait.ts';

const SECRET = 'trickle-secret-0123456789';
let dir: string;
let coturn: Coturn;
let engine: Engine;
let client: SignalingClient;
let cred: ViewerCredential;
let pc: RTCPeerConnection | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-playback-trickle-'));
  coturn = await startCoturn(SECRET);
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: {
      cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 320, height: 180, fps: 5 } }],
      remote: { stun: [`stun:127.0.0.1:${coturn.port}`], turn: [{ urls: [coturn.url], secret: SECRET, ttlSeconds: 600 }], portMapping: false },
    },
  });
  client = await connectSignaling(engine.info.signalingUrl);
  const uri = ((await (await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { uri: string }).uri;
  cred = (await pair(client, uri, 'Playback viewer')).cred!;
}, 60_000);

afterAll(async () => {
  await pc?.close().catch(() => undefined);
  client?.stop();
  await engine?.stop();
  await coturn?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('playback with STUN and TURN set', () => {
  it('trickles the engine’s candidates, its TURN relay among them, on the request’s session', async () => {
    pc = new RTCPeerConnection();
    const channel = pc.createDataChannel(PLAYBACK_CHANNEL);
    await pc.setLocalDescription(await pc.createOffer());
    await waitFor(() => pc!.iceGatheringState, (s) => s === 'complete', 5000, { what: 'ICE gathering' });
    const session = randomBase64url(9);
    const trickled: IceCandidate[] = [];
    const off = client.on('message', (m: ServerMessage) => {
      if (m.type === 'candidate' && m.session === session && m.from === cred.streamerId && m.candidate) trickled.push(m.candidate);
    });
    try {
      const payload = JSON.stringify({ method: 'playback', camera: 'yard', sdp: pc.localDescription!.sdp });
      const auth = await signViewerMessage(cred, { type: 'request', streamerId: cred.streamerId, session, body: payload });
      const reply = await exchange(client, { type: 'request', to: cred.streamerId, session, payload, auth }, (m) => m.type === 'response');
      const opened = JSON.parse((reply as { payload: string }).payload) as { sdp?: string; error?: string };
      expect(opened.error).toBeUndefined();
      await pc.setRemoteDescription({ type: 'answer', sdp: opened.sdp! });
      const relayed = await waitFor(() => trickled.filter((c) => / typ relay /.test(c.candidate)), (list) => list.length > 0, 10_000, { what: 'a relay candidate trickled by the engine' });
      expect(relayed[0]!.candidate).toContain(' 127.0.0.1 ');
      for (const candidate of trickled) await pc.addIceCandidate({ ...candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined, usernameFragment: candidate.usernameFragment ?? undefined });
      await waitFor(() => channel.readyState, (s) => s === 'open', 15_000, { what: 'the playback channel open' });
    } finally {
      off();
    }
  });
});
