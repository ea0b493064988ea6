import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationChallengeText, type ServerMessage } from '@vigil/shared/signaling';
import { SignalingClient } from '../common/client.ts';
import type { SignalingServerOptions } from './options.ts';
import { createSignalingServer, type PeerInfo, type SignalingServer } from './server.ts';
import { createNodeSocketFactory } from './socketFactory.ts';
import { eventually, newIdentity, RawClient, SESSION } from './testkit.ts';
import { startCluster, startRedis, type RedisProcess } from './testkit-redis.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-tls-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function started(options: Parameters<typeof createSignalingServer>[0] = {}): Promise<{ server: SignalingServer; url: string; pin?: string }> {
  const server = createSignalingServer(options);
  const { url, fingerprint } = await server.start();
  cleanup.push(() => server.stop());
  return { server, url, pin: fingerprint?.pin };
}

function collect(client: SignalingClient): ServerMessage[] {
  const messages: ServerMessage[] = [];
  client.on('message', (m) => messages.push(m));
  return messages;
}

function take<T extends ServerMessage['type']>(messages: ServerMessage[], type: T): Extract<ServerMessage, { type: T }> | undefined {
  const index = messages.findIndex((m) => m.type === type);
  return index < 0 ? undefined : (messages.splice(index, 1)[0] as Extract<ServerMessage, { type: T }>);
}

/** Where two connections go (the same server, or two instances sharing routing) and how to look a peer up. */
interface Layout {
  urls: [string, string];
  peerInfo(peerId: string): PeerInfo | undefined;
}

/** One server, or two sharing routing through a real redis-server (started once per file). */
const LAYOUTS: [string, (options?: SignalingServerOptions) => Promise<Layout>][] = [
  [
    'one server',
    async (options) => {
      const { server, url } = await started(options);
      return { urls: [url, url], peerInfo: (id) => server.peerInfo(id) };
    },
  ],
  [
    'two servers through Redis',
    async (options) => {
      const cluster = await startCluster(await (redis ??= startRedis()), 2, options);
      cleanup.push(() => cluster.stop());
      return { urls: [cluster.urls[0]!, cluster.urls[1]!], peerInfo: (id) => cluster.servers.map((s) => s.peerInfo(id)).find(Boolean) };
    },
  ],
];
let redis: Promise<RedisProcess> | undefined;
afterAll(async () => {
  await (await redis)?.stop();
});

/** Every relay type between a streamer on `layout.urls[0]` and a viewer on `layout.urls[1]`, with `from` set by the server. */
async function carriesEverything(layout: Layout, createSocket: ReturnType<typeof createNodeSocketFactory>): Promise<void> {
  const identity = newIdentity();
  const streamer = new SignalingClient({ url: layout.urls[0], role: 'streamer', identity, createSocket });
  const viewer = new SignalingClient({ url: layout.urls[1], role: 'viewer', createSocket });
  cleanup.push(() => streamer.stop(), () => viewer.stop());
  const atStreamer = collect(streamer);
  const atViewer = collect(viewer);
  streamer.start();
  await eventually(() => streamer.state === 'registered', 3000, 'streamer registered');
  viewer.start();
  // Sent before the viewer is connected: queued, then flushed in order.
  viewer.send({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'v=0 offer' });
  viewer.send({ type: 'candidate', to: identity.streamerId, session: SESSION, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } });
  await eventually(() => atStreamer.filter((m) => m.type === 'offer' || m.type === 'candidate').length === 2, 3000, 'offer+candidate');
  const viewerPeer = viewer.peerId!;
  expect(take(atStreamer, 'offer')).toEqual({ type: 'offer', to: identity.streamerId, from: viewerPeer, session: SESSION, sdp: 'v=0 offer' });
  expect(take(atStreamer, 'candidate')).toMatchObject({ from: viewerPeer, candidate: { sdpMid: '0' } });

  streamer.send({ type: 'answer', to: viewerPeer, session: SESSION, sdp: 'v=0 answer' });
  streamer.send({ type: 'candidate', to: viewerPeer, session: SESSION, candidate: null });
  streamer.send({ type: 'pair-response', to: viewerPeer, session: SESSION, payload: 'welcome' });
  viewer.send({ type: 'pair-request', to: identity.streamerId, session: SESSION, payload: 'token' });
  viewer.send({ type: 'request', to: identity.streamerId, session: SESSION, payload: '{"call":"cameras"}' });
  streamer.send({ type: 'response', to: viewerPeer, session: SESSION, payload: '[]' });
  viewer.send({ type: 'bye', to: identity.streamerId, session: SESSION, reason: 'done' });
  await eventually(() => atViewer.filter((m) => 'from' in m).length === 4 && atStreamer.filter((m) => 'from' in m).length === 3, 3000, 'replies');
  expect(take(atStreamer, 'request')).toMatchObject({ from: viewerPeer, payload: '{"call":"cameras"}' });
  expect(take(atViewer, 'response')).toMatchObject({ from: identity.streamerId, payload: '[]' });
  expect(take(atViewer, 'answer')).toEqual({ type: 'answer', to: viewerPeer, from: identity.streamerId, session: SESSION, sdp: 'v=0 answer' });
  expect(take(atViewer, 'candidate')).toMatchObject({ from: identity.streamerId, candidate: null });
  expect(take(atViewer, 'pair-response')).toMatchObject({ from: identity.streamerId, payload: 'welcome' });
  expect(take(atStreamer, 'pair-request')).toMatchObject({ from: viewerPeer, payload: 'token' });
  expect(take(atStreamer, 'bye')).toMatchObject({ from: viewerPeer, reason: 'done' });

  expect(layout.peerInfo(viewerPeer)).toEqual({ address: '127.0.0.1', role: 'viewer' });
  expect(layout.peerInfo(streamer.peerId!)).toEqual({ address: '127.0.0.1', role: 'streamer', streamerId: identity.streamerId });
  expect(layout.peerInfo('~nobodyhere00')).toBeUndefined();
}

describe.each(['ws', 'wss'] as const)('relay over %s', (scheme) => {
  it('carries offer, answer, candidates, bye, pairing and requests between SignalingClients with `from` set by the server', async () => {
    const { server, url, pin } = await started(scheme === 'wss' ? { tls: { selfSigned: { dir } } } : {});
    expect(url.startsWith(`${scheme}://`)).toBe(true);
    await carriesEverything({ urls: [url, url], peerInfo: (id) => server.peerInfo(id) }, createNodeSocketFactory(pin ? { fingerprint: pin } : {}));
  });
});

describe.each(LAYOUTS)('duplicate registrations, %s', (_name, layout) => {
  it('relays every type between a streamer on the first and a viewer on the second', async () => {
    await carriesEverything(await layout(), createNodeSocketFactory());
  });

  it("'replace': a new connection proving the key wins, the old one gets `replaced`", async () => {
    const { urls, peerInfo } = await layout();
    const identity = newIdentity();
    const old = await RawClient.connect(urls[0]);
    const watcher = await RawClient.connect(urls[0]);
    cleanup.push(() => old.close(), () => watcher.close());
    await old.register(identity);
    watcher.send({ type: 'presence-subscribe', streamerIds: [identity.streamerId] });
    expect(await watcher.next('presence')).toMatchObject({ online: true });
    const fresh = await RawClient.connect(urls[1]);
    cleanup.push(() => fresh.close());
    await fresh.register(identity);
    expect(await old.next('error')).toMatchObject({ code: 'replaced' });
    expect(await old.closed()).toBe(4001);
    expect(peerInfo(fresh.peerId)).toMatchObject({ role: 'streamer', streamerId: identity.streamerId });
    watcher.send({ type: 'bye', to: identity.streamerId, session: SESSION });
    await fresh.next('bye');
    expect(watcher.frames.filter((f) => f.type === 'presence')).toEqual([]); // no offline flicker
  });

  it("'reject': the second connection is refused and the first keeps the id", async () => {
    const { urls, peerInfo } = await layout({ duplicateRegistration: 'reject' });
    const identity = newIdentity();
    const first = await RawClient.connect(urls[0]);
    const second = await RawClient.connect(urls[1]);
    cleanup.push(() => first.close(), () => second.close());
    await first.register(identity);
    second.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
    const { nonce } = await second.next('challenge');
    second.send({ type: 'register-proof', signature: await identity.sign(registrationChallengeText(nonce as string, identity.streamerId)) });
    expect(await second.next('error')).toMatchObject({ code: 'forbidden', ref: { type: 'register-proof' } });
    expect(peerInfo(first.peerId)).toMatchObject({ role: 'streamer' });
    expect(peerInfo(second.peerId)).toMatchObject({ role: 'unknown' });
  });
});

describe('server', () => {
  it('greets with the limits it enforces', async () => {
    const { url } = await started({ maxPayload: 4096, heartbeatIntervalMs: 12_345 });
    const client = RawClient.open(url);
    cleanup.push(() => client.close());
    expect(await client.next('welcome')).toMatchObject({ protocol: 1, heartbeatMs: 12_345, maxPayload: 4096, peerId: expect.stringMatching(/^~[\w-]{12}$/) });
  });

  it('stop() leaves no socket, server or timer behind', async () => {
    const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort().join(',');
    const before = resources();
    const server = createSignalingServer({ heartbeatIntervalMs: 50 });
    const { url } = await server.start();
    const identity = newIdentity();
    const clients = [await RawClient.connect(url), await RawClient.connect(url)];
    clients[0]!.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
    await clients[0]!.next('challenge'); // a registration timer is pending
    expect(resources()).not.toBe(before);
    await server.stop();
    expect(await clients[0]!.closed()).toBe(1001);
    expect(await clients[1]!.closed()).toBe(1001);
    await eventually(() => resources() === before, 2000, `resources back to ${before} (now ${resources()})`);
  });

  it('refuses plain ws outside loopback', async () => {
    await expect(createSignalingServer({ host: '0.0.0.0' }).start()).rejects.toThrow(/plain ws:\/\/ on 0\.0\.0\.0.*needs TLS/);
  });

  it('stores the self-signed pair with 0600 and reuses it (same pin)', async () => {
    const store = join(dir, 'reuse');
    const first = await started({ tls: { selfSigned: { dir: store } } });
    const second = await started({ tls: { selfSigned: { dir: store } } });
    expect(second.pin).toBe(first.pin);
    expect((await stat(join(store, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect(first.server.fingerprint?.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.server.fingerprint!.spkiSha256, 'base64').subarray(0, 16).toString('base64url')).toBe(first.pin);
  });

  it('limits connections per address with `too-many-connections`', async () => {
    const { url } = await started({ maxConnectionsPerAddress: 2 });
    const clients = [await RawClient.connect(url), await RawClient.connect(url)];
    cleanup.push(() => clients.forEach((c) => c.close()));
    const third = RawClient.open(url);
    cleanup.push(() => third.close());
    expect(await third.next('error')).toMatchObject({ code: 'too-many-connections' });
    expect(third.frames.find((f) => f.type === 'welcome')).toBeUndefined();
    expect(await third.closed()).toBe(1008);
  });

  it('reports health and metrics after traffic', async () => {
    const { server, url } = await started();
    const http = url.replace('ws://', 'http://');
    const identity = newIdentity();
    const streamer = await RawClient.connect(url);
    const viewer = await RawClient.connect(url);
    const idle = await RawClient.connect(url);
    cleanup.push(() => [streamer, viewer, idle].forEach((c) => c.close()));
    await streamer.register(identity);
    for (let i = 0; i < 3; i++) viewer.send({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'v=0' });
    viewer.send({ type: 'candidate', to: identity.streamerId, session: SESSION, candidate: null });
    viewer.send('{oops');
    viewer.send({ type: 'offer', to: '~nobodyhere00', session: SESSION, sdp: 'v=0' });
    await viewer.next('error');
    await viewer.next('error');
    await streamer.next('candidate');

    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    // Bare liveness only (audit item 7): the count is the server's own figure, not the LAN's.
    expect(await health.json()).toEqual({ ok: true });
    expect(server.connectionCount).toBe(3);
    const metrics = await (await fetch(`${http}/metrics`)).text();
    expect(metrics).toContain('vigil_signaling_connections{role="streamer"} 1');
    expect(metrics).toContain('vigil_signaling_connections{role="viewer"} 1');
    expect(metrics).toContain('vigil_signaling_connections{role="unknown"} 1');
    expect(metrics).toContain('vigil_signaling_messages_relayed_total{type="offer"} 3');
    expect(metrics).toContain('vigil_signaling_messages_relayed_total{type="candidate"} 1');
    expect(metrics).toContain('vigil_signaling_rejects_total{code="bad-json"} 1');
    expect(metrics).toContain('vigil_signaling_rejects_total{code="unknown-peer"} 1');
    expect(metrics).toContain('vigil_signaling_registrations_total{result="ok"} 1');
    expect((await fetch(`${http}/other`)).status).toBe(404);
    // Through a reverse proxy on this host the socket is loopback too: the forwarded request is the internet's.
    expect((await fetch(`${http}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(404);
    expect((await fetch(`${http}/metrics`, { headers: { forwarded: 'for=203.0.113.5' } })).status).toBe(404);
    expect(await server.metrics.metrics()).toContain('vigil_signaling_registrations_total{result="ok"} 1');
  });
});

describe('drain', () => {
  it('stops accepting, asks clients to reconnect within drainSpreadMs, and stops once they left', async () => {
    const { server, url } = await started({ drainSpreadMs: 300, drainTimeoutMs: 10_000 });
    const identity = newIdentity();
    const streamer = new SignalingClient({ url, role: 'streamer', identity, createSocket: createNodeSocketFactory() });
    cleanup.push(() => streamer.stop());
    const viewer = await RawClient.connect(url);
    cleanup.push(() => viewer.close());
    streamer.start();
    await eventually(() => streamer.state === 'registered', 5000, 'registered');
    const drained = server.drain();
    expect(server.health()).toBe('draining');
    expect(await viewer.next('reconnect')).toMatchObject({ withinMs: 300 });
    // The listener is closed: nothing new gets in (a balancer would try the next instance).
    await expect(fetch(`${url.replace(/^ws/, 'http')}/healthz`)).rejects.toThrow();
    viewer.close(); // the raw client leaves; the real client leaves by itself within the spread
    await drained;
    expect(server.connectionCount).toBe(0);
    expect(streamer.state).not.toBe('registered');
  });

  it('closes the clients that stay after drainTimeoutMs', async () => {
    const { server, url } = await started({ drainSpreadMs: 0, drainTimeoutMs: 200 });
    const stubborn = await RawClient.connect(url);
    cleanup.push(() => stubborn.close());
    await server.drain();
    expect(await stubborn.closed()).toBe(1001);
  });
});
