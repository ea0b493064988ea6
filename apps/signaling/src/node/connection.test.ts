/**
 * The connection's rules, against one server and against two sharing routing through a real
 * redis-server, where consecutive connections alternate between the two instances.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registrationChallengeText } from '@vigil/shared/signaling';
import { createSignalingServer, type SignalingServer } from './server.ts';
import type { SignalingServerOptions } from './options.ts';
import { newIdentity, RawClient, SESSION } from './testkit.ts';
import { startCluster, startRedis, type RedisProcess } from './testkit-redis.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
let redis: Promise<RedisProcess> | undefined;
afterAll(async () => {
  await (await redis)?.stop();
});

describe.each([
  ['one server', false],
  ['two servers through Redis', true],
])('%s', (_name, cluster) => {
  async function setup(options: SignalingServerOptions = {}) {
    let servers: SignalingServer[];
    let urls: string[];
    if (cluster) {
      const started = await startCluster(await (redis ??= startRedis()), 2, options);
      cleanup.push(() => started.stop());
      ({ servers, urls } = started);
    } else {
      const server = createSignalingServer(options);
      urls = [(await server.start()).url];
      servers = [server];
      cleanup.push(() => server.stop());
    }
    let next = 0;
    const connect = async () => {
      const client = await RawClient.connect(urls[next++ % urls.length]!);
      cleanup.push(() => client.close());
      return client;
    };
    /** The connection's server-side view, on whichever instance it is. */
    const peerInfo = (peerId: string) => servers.map((s) => s.peerInfo(peerId)).find(Boolean);
    return { connect, peerInfo };
  }

  const offer = (to: string, extra: object = {}) => ({ type: 'offer', to, session: SESSION, sdp: 'v=0', ...extra });

  describe('registration', () => {
    it('refuses a streamer id claimed with someone else’s public key', async () => {
      const { connect } = await setup();
      const [victim, attacker] = [newIdentity(), newIdentity()];
      const client = await connect();
      client.send({ type: 'register', streamerId: victim.streamerId, publicKey: attacker.publicKey, id: 'r1' });
      expect(await client.next('error')).toMatchObject({ code: 'auth-failed', ref: { type: 'register', id: 'r1' } });
      expect(client.frames.find((f) => f.type === 'challenge')).toBeUndefined();
    });

    it('refuses a bad signature, and a signature replayed from another connection’s nonce', async () => {
      const { peerInfo, connect } = await setup();
      const identity = newIdentity();
      const honest = await connect();
      const thief = await connect();

      // The thief presents the right key but cannot sign: any signature fails.
      thief.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
      await thief.next('challenge');
      thief.send({ type: 'register-proof', signature: 'A'.repeat(86) });
      expect(await thief.next('error')).toMatchObject({ code: 'auth-failed', ref: { type: 'register-proof' } });

      // The honest streamer signs its own nonce; the thief replays that signature on a fresh challenge.
      honest.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
      const { nonce } = await honest.next('challenge');
      const signature = await identity.sign(registrationChallengeText(nonce as string, identity.streamerId));
      thief.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
      await thief.next('challenge');
      thief.send({ type: 'register-proof', signature });
      expect(await thief.next('error')).toMatchObject({ code: 'auth-failed' });
      expect(peerInfo(thief.peerId)?.role).toBe('unknown');

      honest.send({ type: 'register-proof', signature });
      expect(await honest.next('registered')).toEqual({ type: 'registered', streamerId: identity.streamerId });
      // The nonce is single-use: the same proof again is refused.
      honest.send({ type: 'register-proof', signature });
      expect(await honest.next('error')).toMatchObject({ code: 'not-registered' });
    });

    it('closes a connection that does not answer the challenge in time', async () => {
      const { connect } = await setup({ registrationTimeoutMs: 100 });
      const identity = newIdentity();
      const client = await connect();
      client.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
      await client.next('challenge');
      expect(await client.next('error')).toMatchObject({ code: 'timeout' });
      expect(await client.closed()).toBe(1008);
    });

    it('refuses a role change on a live connection', async () => {
      const { connect } = await setup();
      const identity = newIdentity();
      const streamer = await connect();
      await streamer.register(identity);
      const viewer = await connect();
      viewer.send(offer(identity.streamerId));
      await streamer.next('offer');
      viewer.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
      expect(await viewer.next('error')).toMatchObject({ code: 'forbidden' });
    });
  });

  describe('relay rules', () => {
    it('forbids viewer-to-viewer relays and answers unknown-peer with the ref', async () => {
      const { connect } = await setup();
      const [a, b] = [await connect(), await connect()];
      a.send(offer(b.peerId, { id: 'x1' }));
      expect(await a.next('error')).toMatchObject({ code: 'forbidden', ref: { type: 'offer', id: 'x1' } });
      a.send(offer(newIdentity().streamerId, { id: 'x2' }));
      expect(await a.next('error')).toMatchObject({ code: 'unknown-peer', ref: { type: 'offer', id: 'x2' } });
      a.send(offer('~nobodyhere00', { id: 'x3' }));
      expect(await a.next('error')).toMatchObject({ code: 'unknown-peer', ref: { type: 'offer', id: 'x3' } });
      expect(b.frames).toEqual([]);
    });

    it('forwards the validated message, never the client’s raw text (duplicate keys)', async () => {
      const { connect } = await setup();
      const identity = newIdentity();
      const streamer = await connect();
      await streamer.register(identity);
      const raw: string[] = [];
      streamer.ws.on('message', (data) => raw.push(data.toString()));
      const viewer = await connect();
      viewer.send(`{"type":"offer","to":"${identity.streamerId}","session":"${SESSION}","sdp":"smuggled","sdp":"v=0"}`);
      await streamer.next('offer');
      expect(raw).toHaveLength(1);
      expect(raw[0]).not.toContain('smuggled');
      expect(JSON.parse(raw[0]!)).toEqual({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'v=0', from: viewer.peerId });
    });

    it('overrides a forged `from`', async () => {
      const { connect } = await setup();
      const identity = newIdentity();
      const streamer = await connect();
      await streamer.register(identity);
      const viewer = await connect();
      viewer.send(offer(identity.streamerId, { from: newIdentity().streamerId }));
      expect(await streamer.next('offer')).toMatchObject({ from: viewer.peerId });
    });
  });

  describe('rejects', () => {
    it('answers each bad message with its code and keeps relaying on the same connection', async () => {
      const { connect } = await setup({ maxPayload: 1024, messagesPerSecond: 5, burst: 10 });
      const identity = newIdentity();
      const streamer = await connect();
      await streamer.register(identity);
      const viewer = await connect();
      const cases: [string | Buffer, string][] = [
        ['{"type":"offer",', 'bad-json'],
        [JSON.stringify(offer(identity.streamerId, { sdp: 42 })), 'bad-message'],
        [JSON.stringify({ type: 'teleport', to: identity.streamerId }), 'unknown-type'],
        [JSON.stringify(offer(identity.streamerId, { sdp: 'x'.repeat(1500) })), 'too-large'],
      ];
      for (const [frame, code] of cases) {
        viewer.send(frame);
        expect(await viewer.next('error')).toMatchObject({ code });
      }
      viewer.ws.send(Buffer.from('{}'), { binary: true });
      expect(await viewer.next('error')).toMatchObject({ code: 'bad-message', message: expect.stringMatching(/binary/) });
      // 5 tokens left of the burst of 10: two more pass, the rest are rate-limited.
      for (let i = 0; i < 8; i++) viewer.send(offer(identity.streamerId, { id: `burst-${i}` }));
      const limited = await viewer.next('error');
      expect(limited).toMatchObject({ code: 'rate-limited' });
      await new Promise((resolve) => setTimeout(resolve, 450)); // ~2 tokens refill
      viewer.send(offer(identity.streamerId, { sdp: 'still alive' }));
      await expect.poll(() => streamer.frames.some((f) => f.sdp === 'still alive')).toBe(true);
      expect(viewer.closeCode).toBeUndefined();
    });

    it('closes (1009) on a frame above maxFrameSize instead of buffering it', async () => {
      const { connect } = await setup({ maxPayload: 1024, maxFrameSize: 4096 });
      const client = await connect();
      client.send('x'.repeat(5000));
      expect(await client.closed()).toBe(1009);
    });

    it('closes a connection after sustained abuse (1008)', async () => {
      const { connect } = await setup({ abuseLimit: 20 });
      const client = await connect();
      for (let i = 0; i < 19; i++) client.send('nope');
      await expect.poll(() => client.frames.filter((f) => f.type === 'error').length).toBe(19);
      expect(client.closeCode).toBeUndefined();
      client.send('nope');
      expect(await client.closed()).toBe(1008);
    });
  });
});
