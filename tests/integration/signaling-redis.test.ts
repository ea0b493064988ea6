/**
 * Two signalling servers sharing routing through a real redis-server (RedisRouter): relays across
 * instances, one registration per streamer id, offer budgets counted in Redis, and what happens
 * when Redis goes away and comes back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../../apps/signaling/src/node/server.ts';
import { RedisRouter } from '../../apps/signaling/src/node/redis-router.ts';
import { newIdentity, RawClient, SESSION, type Frame } from '../../apps/signaling/src/node/testkit.ts';
import type { SignalingServerOptions } from '../../apps/signaling/src/node/options.ts';
import { startRedis, type RedisProcess } from '../../apps/signaling/src/node/testkit-redis.ts';
import { until, waitFor } from '../helpers/wait.ts';

let redis: RedisProcess;
const open: { servers: SignalingServer[]; clients: RawClient[] } = { servers: [], clients: [] };

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const client of open.clients.splice(0)) client.close();
  await Promise.all(open.servers.splice(0).map((s) => s.stop()));
  await redis.command('FLUSHALL');
});

async function instance(options: SignalingServerOptions = {}): Promise<{ server: SignalingServer; url: string; router: RedisRouter }> {
  const router = new RedisRouter({ url: redis.url, presenceTtlMs: 3000 });
  await router.ready();
  const server = createSignalingServer({ ...options, router });
  open.servers.push(server);
  const { url } = await server.start();
  return { server, url, router };
}

async function client(url: string): Promise<RawClient> {
  const c = await RawClient.connect(url);
  open.clients.push(c);
  return c;
}

const offer = (to: string, id = 'o1') => ({ type: 'offer', id, to, session: SESSION, sdp: 'v=0' });
const healthz = async (url: string) => (await fetch(`${url.replace(/^ws/, 'http')}/healthz`)).json() as Promise<Record<string, unknown>>;

describe('signalling across instances through Redis', () => {
  it('relays a viewer on B to a streamer on A and the answer back; presence crosses too', async () => {
    const [a, b] = [await instance(), await instance()];
    const watcher = await client(b.url);
    const identity = newIdentity();
    watcher.send({ type: 'presence-subscribe', streamerIds: [identity.streamerId] });
    expect(await watcher.next('presence')).toMatchObject({ online: false });
    const streamer = await client(a.url);
    await streamer.register(identity);
    expect(await watcher.next('presence')).toMatchObject({ streamerId: identity.streamerId, online: true });

    const viewer = await client(b.url);
    expect(viewer.peerId.slice(1, 7)).toBe(b.router.instanceId);
    viewer.send(offer(identity.streamerId));
    const received = await streamer.next('offer');
    expect(received).toMatchObject({ from: viewer.peerId, sdp: 'v=0' });
    streamer.send({ type: 'answer', to: viewer.peerId, session: SESSION, sdp: 'v=1' });
    expect(await viewer.next('answer')).toMatchObject({ from: identity.streamerId, sdp: 'v=1' });

    // A viewer that left B: the streamer on A hears so from B, after the fact.
    viewer.close();
    await until(() => b.server.connectionCount === 1, 5000, 'B to notice the viewer left');
    streamer.send({ type: 'answer', id: 'late', to: viewer.peerId, session: SESSION, sdp: 'v=2' });
    expect(await streamer.next('error')).toMatchObject({ code: 'unknown-peer' });

    streamer.close();
    expect(await watcher.next('presence')).toMatchObject({ online: false });
  });

  it('announces "offline" for a streamer whose instance died without a word, when its presence key expires', async () => {
    const [a, b] = [await instance(), await instance()];
    const identity = newIdentity();
    const streamer = await client(a.url);
    await streamer.register(identity);
    const watcher = await client(b.url);
    watcher.send({ type: 'presence-subscribe', streamerIds: [identity.streamerId] });
    expect(await watcher.next('presence')).toMatchObject({ online: true });
    await a.router.close(); // A stops refreshing and says nothing, as after kill -9
    // (A's "online" broadcast may reach B after the subscription's own answer: a second "online".)
    await until(() => watcher.frames.some((f) => f.type === 'presence' && f.streamerId === identity.streamerId && f.online === false), 10_000, 'the watcher told "offline"');
    const flags = (await redis.command('CONFIG GET notify-keyspace-events')).trim().split('\r\n').at(-1)!;
    expect([flags.includes('E'), flags.includes('x')]).toEqual([true, true]); // switched on by the routers
  });

  it('keeps one registration per streamer id: a proven second one elsewhere replaces the first, a failed proof changes nothing', async () => {
    const [a, b] = [await instance(), await instance()];
    const identity = newIdentity();
    const first = await client(a.url);
    await first.register(identity);
    const forger = await client(b.url);
    forger.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
    await forger.next('challenge');
    forger.send({ type: 'register-proof', signature: 'A'.repeat(86) });
    expect(await forger.next('error')).toMatchObject({ code: 'auth-failed' });
    expect(first.closeCode).toBeUndefined();

    const second = await client(b.url);
    await second.register(identity);
    expect(await first.next('error')).toMatchObject({ code: 'replaced' });
    expect(await first.closed()).toBe(4001);
    const viewer = await client(a.url);
    viewer.send(offer(identity.streamerId));
    expect(await second.next('offer')).toMatchObject({ from: viewer.peerId });
    expect(await redis.command(`GET vigil:s:${identity.streamerId}`)).toContain(second.peerId);
  });

  it('counts offers per streamer over both instances', async () => {
    const limits = { streamerOffersPerSecond: 4, perTargetMessagesPerSecond: 1000, perTargetBurst: 1000, messagesPerSecond: 1000, burst: 1000 };
    const [a, b] = [await instance(limits), await instance(limits)];
    const identity = newIdentity();
    const streamer = await client(a.url);
    await streamer.register(identity);
    const [va, vb] = [await client(a.url), await client(b.url)];
    // Start at the top of a second, so that all sixteen offers fall in one counting window.
    await waitFor(() => Date.now() % 1000, (ms) => ms < 200, 5000, { what: 'the start of a second', every: 5 });
    for (let i = 0; i < 8; i++) {
      va.send(offer(identity.streamerId, `a${i}`));
      vb.send(offer(identity.streamerId, `b${i}`));
    }
    const refusals = async () => [...va.frames, ...vb.frames].filter((f) => f.type === 'error' && f.code === 'rate-limited').length;
    await waitFor(refusals, (n) => n === 12, 5000, { what: '12 offers refused (4 of 16 allowed)' });
    await until(() => streamer.frames.filter((f) => f.type === 'offer').length === 4, 5000, 'four offers at the streamer');
  });

  it('keeps routing locally while Redis is away, says degraded, and rebuilds presence without duplicates when it returns', async () => {
    const [a, b] = [await instance(), await instance()];
    const identity = newIdentity();
    const stale = await client(a.url);
    await stale.register(identity);
    const other = newIdentity();
    const otherStreamer = await client(b.url);
    await otherStreamer.register(other);

    await redis.stop();
    await until(() => a.server.health() === 'degraded' && b.server.health() === 'degraded', 10_000, 'both instances to notice');
    expect(await healthz(a.url)).toEqual({ ok: true, status: 'degraded' });
    const metrics = await (await fetch(`${a.url.replace(/^ws/, 'http')}/metrics`)).text();
    expect(metrics).toContain('vigil_signaling_health{state="degraded"} 1');
    // Local routes still work.
    const localViewer = await client(a.url);
    localViewer.send(offer(identity.streamerId));
    expect(await stale.next('offer')).toMatchObject({ from: localViewer.peerId });
    // The same streamer id proves itself on B meanwhile (A's socket is half-dead, say).
    const fresh = await client(b.url);
    await fresh.register(identity);

    await redis.start();
    await until(() => a.server.health() === 'ok' && b.server.health() === 'ok', 10_000, 'both instances back on Redis');
    // The newer proof wins the rebuild; the older connection is evicted, not kept twice.
    expect(await stale.next('error', 10_000)).toMatchObject({ code: 'replaced' });
    const keys = await waitFor(() => redis.command('KEYS vigil:s:*'), (reply) => reply.startsWith('*2'), 10_000, { what: 'both presence keys back' });
    expect(keys).toContain(identity.streamerId);
    expect(await redis.command(`GET vigil:s:${identity.streamerId}`)).toContain(fresh.peerId);
    expect(await healthz(a.url)).toEqual({ ok: true });
    const viewer = await client(a.url);
    viewer.send(offer(other.streamerId));
    expect(await otherStreamer.next('offer')).toMatchObject({ from: viewer.peerId });
    viewer.send(offer(identity.streamerId, 'o2'));
    expect(await fresh.next('offer')).toMatchObject({ from: viewer.peerId });
    expect(fresh.frames.filter((f: Frame) => f.type === 'offer')).toHaveLength(0);
  });
});
