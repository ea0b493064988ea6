// Remote access without a network lab: an engine with its own server and a standalone relay at
// once. The pairing code carries both routes (version 2); a viewer paired through the relay gets
// its replies back through the relay; the signed `ice` reply hands out TURN credentials that
// coturn's REST scheme accepts (username = expiry:viewer, password = HMAC-SHA1), and `routes`
// tells a paired viewer every way in.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IceConfig, RoutesReply, type RemoteStatus } from '@vigil/shared/remote';
import { parsePairingUri, randomBase64url, signViewerMessage, verifyStreamerMessage, type ViewerCredential } from '@vigil/shared/pairing';
import type { SignalingClient } from '@vigil/signaling/node';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { startHostileRelay } from '../helpers/hostile-relay.ts';
import { startSignalProcess, type SignalProcess } from '../helpers/signal-process.ts';
import { startCoturn, type Coturn } from '../fixtures/coturn.ts';
import { waitFor } from '../helpers/wait.ts';

const TURN_SECRET = 'lab-secret-0123456789abcdef';
let dir: string;
let coturn: Coturn;
let stunUrl: string;
let turnUrl: string;
let relay: SignalProcess;
let engine: Engine;
let viaRelay: SignalingClient;
let direct: SignalingClient;
let cred: ViewerCredential;
const api = (method: string, path: string) => fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });

/** A signed request from the paired viewer on `client`; resolves with the verified reply's payload. */
async function request(client: SignalingClient, payload: object): Promise<unknown> {
  const session = randomBase64url(9);
  const body = JSON.stringify(payload);
  const auth = await signViewerMessage(cred, { type: 'request', streamerId: cred.streamerId, session, body });
  const reply = (await exchange(client, { type: 'request', to: cred.streamerId, session, payload: body, auth }, (m) => m.type === 'response')) as { payload: string; auth?: string };
  expect(await verifyStreamerMessage(cred, reply.auth, { type: 'response', streamerId: cred.streamerId, session, body: reply.payload })).toBe(true);
  return JSON.parse(reply.payload);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-remote-routes-'));
  relay = await startSignalProcess('127.0.0.1', join(dir, 'relay-tls'));
  // Debian's coturn on loopback sharing the secret: the engine checks it the way a viewer uses it.
  coturn = await startCoturn(TURN_SECRET);
  stunUrl = `stun:127.0.0.1:${coturn.port}`;
  turnUrl = `${coturn.url}?transport=udp`;
  engine = await startEngine({
    dataDir: join(dir, 'engine'),
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: {
      remote: {
        stun: [stunUrl],
        turn: [{ urls: [turnUrl], secret: TURN_SECRET, ttlSeconds: 600 }],
        portMapping: false,
        relays: [{ url: relay.url, fingerprint: relay.spkiSha256 }],
      },
    },
  });
  viaRelay = await connectSignaling(relay.url, relay.spkiSha256);
  direct = await connectSignaling(engine.info.signalingUrl);
});
afterAll(async () => {
  viaRelay?.stop();
  direct?.stop();
  await engine?.stop();
  await relay?.stop();
  await coturn?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an engine with its own server and a relay', () => {
  it('writes both routes into the pairing code and pairs through the relay', async () => {
    // The relay registration is asynchronous: a code made before it is still right (it names the relay).
    const uri = ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;
    const parsed = parsePairingUri(uri);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.offer.version).toBe(2);
    expect(parsed.offer.routes).toEqual([
      { url: engine.info.signalingUrl, via: 'direct' },
      { url: relay.url, fingerprint: relay.pin, via: 'relay' },
    ]);
    const paired = await waitFor(
      () => pair(viaRelay, uri, 'Away laptop').catch((error: Error) => ({ refusal: error.message, cred: undefined })),
      (p) => p.cred !== undefined,
      20_000,
      { what: 'pairing through the relay (the engine registers there asynchronously)', every: 500 },
    );
    cred = paired.cred!;
    expect(cred.streamerId).toBe(engine.info.streamerId);
  });

  it('answers each viewer on the connection it used (relay and direct)', async () => {
    const overRelay = (await request(viaRelay, { method: 'cameras' })) as { cameras: unknown[] };
    const overDirect = (await request(direct, { method: 'cameras' })) as { cameras: unknown[] };
    expect(overRelay).toEqual({ cameras: [] });
    expect(overDirect).toEqual(overRelay);
  });

  it('hands out STUN and TURN with a credential minted for this viewer, valid for the configured time', async () => {
    const before = Date.now();
    const reply = IceConfig.parse(await request(viaRelay, { method: 'ice' }));
    expect(reply.iceServers[0]).toEqual({ urls: [stunUrl] });
    const turn = reply.iceServers[1]!;
    expect(turn.urls).toEqual([turnUrl]);
    const [expiry, who] = turn.username!.split(':');
    expect(who).toBe(cred.viewerId);
    expect(Number(expiry) * 1000).toBe(reply.expiresAt);
    expect(reply.expiresAt! - before).toBeGreaterThan(590_000);
    expect(reply.expiresAt! - before).toBeLessThanOrEqual(601_000);
    expect(turn.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn.username!).digest('base64'));
    // Never the long-term secret itself.
    expect(JSON.stringify(reply)).not.toContain(TURN_SECRET);
  });

  it('checks its TURN server the way a viewer uses it, and says it works', async () => {
    const read = async () => ((await (await api('GET', '/api/remote')).json()) as RemoteStatus).turn;
    const turn = await waitFor(read, (t) => t.state !== 'working', 15_000, { what: 'the TURN check to finish' });
    expect(turn).toMatchObject({ state: 'ok', servers: [turnUrl], detail: expect.stringMatching(/^Works: a test allocation got a relay address \(127\.0\.0\.1:\d+\)/) });
  });

  it('tells a paired viewer every route', async () => {
    const reply = RoutesReply.parse(await request(direct, { method: 'routes' }));
    expect(reply.routes.map((r) => [r.via, r.url])).toEqual([
      ['direct', engine.info.signalingUrl],
      ['relay', relay.url],
    ]);
  });

  it('refuses ice and routes to an unpaired viewer', async () => {
    const session = randomBase64url(9);
    const reply = (await exchange(viaRelay, { type: 'request', to: engine.info.streamerId, session, payload: JSON.stringify({ method: 'ice' }) }, (m) => m.type === 'response')) as { payload: string };
    expect(JSON.parse(reply.payload)).toMatchObject({ error: expect.stringMatching(/not paired/) });
    expect(reply.payload).not.toContain('turn:');
  });

  // Case (e) of remote viewing: a relay that rewrites the ICE configuration (its own TURN server,
  // to see the traffic) or the routes (its own address) is caught by the streamer's signature.
  it.each([
    ['ice', (payload: string) => payload.replace('turn:127.0.0.1', 'turn:evil.example.net')],
    ['routes', (payload: string) => payload.replace(/"url":"wss:[^"]+"/, '"url":"wss://evil.example.net:443"')],
  ])('a relay that alters the %s reply is caught by the signature', async (method, alter) => {
    let altered = 0;
    const hostile = await startHostileRelay(engine.info.signalingUrl, (direction, frame) => {
      if (direction !== 'to-client' || !frame.includes('"type":"response"')) return frame;
      const message = JSON.parse(frame) as { payload: string };
      const payload = alter(message.payload);
      if (payload !== message.payload) altered++;
      return JSON.stringify({ ...message, payload });
    });
    const client = await connectSignaling(hostile.url);
    try {
      const session = randomBase64url(9);
      const body = JSON.stringify({ method });
      const auth = await signViewerMessage(cred, { type: 'request', streamerId: cred.streamerId, session, body });
      const reply = (await exchange(client, { type: 'request', to: cred.streamerId, session, payload: body, auth }, (m) => m.type === 'response')) as { payload: string; auth?: string };
      expect(altered).toBe(1);
      expect(reply.payload).toContain('evil.example.net');
      expect(await verifyStreamerMessage(cred, reply.auth, { type: 'response', streamerId: cred.streamerId, session, body: reply.payload })).toBe(false);
    } finally {
      client.stop();
      await hostile.stop();
    }
  });
});
