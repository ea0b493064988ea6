/**
 * Fuzzing a live server: valid messages mutated in many ways (types flipped, fields dropped,
 * duplicated or retyped, huge and exotic strings, deep nesting, binary). Every frame must be
 * answered by exactly one `error` or be relayed to the streamer it validly addressed; nothing
 * may reach a bystander, and the server must keep working. Run against one server, and against
 * two sharing routing through a real redis-server (the streamer on one, everybody else on the other).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerMessage } from '@vigil/shared/signaling';
import { createSignalingServer, type SignalingServer } from './server.ts';
import type { SignalingServerOptions } from './options.ts';
import { newIdentity, RawClient, SESSION } from './testkit.ts';
import { startCluster, startRedis } from './testkit-redis.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** mulberry32: a seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['offer', 'answer', 'candidate', 'bye', 'pair-request', 'pair-response', 'register', 'register-proof', 'presence-subscribe', 'welcome', 'error', 'registered', 'hack', '', 'OFFER', 'offer ', '__proto__'];
const EXOTIC = ['\u0000', '\ud800', '\u202e\u202d', '👩‍👩‍👧‍👦', 'é'.repeat(50), '\\', '"', '{', '%00', '\uffff', 'constructor'];

/** Where the streamer connects, where everybody else does, and the server the others use. */
type Layout = { streamerUrl: string; url: string; server: SignalingServer };

const LAYOUTS: [string, (options: SignalingServerOptions) => Promise<Layout>][] = [
  [
    'one server',
    async (options) => {
      const server = createSignalingServer(options);
      const { url } = await server.start();
      cleanup.push(() => server.stop());
      return { streamerUrl: url, url, server };
    },
  ],
  [
    'two servers through Redis',
    async (options) => {
      const redis = await startRedis();
      cleanup.push(() => redis.stop());
      const cluster = await startCluster(redis, 2, options);
      cleanup.push(() => cluster.stop());
      return { streamerUrl: cluster.urls[0]!, url: cluster.urls[1]!, server: cluster.servers[1]! };
    },
  ],
];

describe.each(LAYOUTS)('%s', (_name, layout) => {
  it('survives 10,000 random and mutated messages', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const { streamerUrl, url, server } = await layout({ messagesPerSecond: 1e9, burst: 1e9, abuseLimit: 1e9 });
    const identity = newIdentity();
    const streamer = await RawClient.connect(streamerUrl);
    const bystander = await RawClient.connect(url);
    const fuzzer = await RawClient.connect(url);
    cleanup.push(() => [streamer, bystander, fuzzer].forEach((c) => c.close()));
    await streamer.register(identity);

    const address = () => pick([identity.streamerId, identity.streamerId, bystander.peerId, newIdentity().streamerId, '~nobodyhere00', fuzzer.peerId, 'x', '']);
    const value = (): unknown =>
      pick<() => unknown>([
        () => Math.floor(random() * 1e6) - 5e5,
        () => null,
        () => true,
        () => [],
        () => ({}),
        () => [address(), 1, null],
        () => pick(EXOTIC).repeat(1 + Math.floor(random() * 20)),
        () => 'x'.repeat(random() < 0.1 ? 70_000 + Math.floor(random() * 50_000) : Math.floor(random() * 40_000)),
        () => 1e308 * 10,
        () => address(),
      ])();
    const valid = (): Record<string, unknown> => {
      const to = address();
      return pick<() => Record<string, unknown>>([
        () => ({ type: 'offer', to, session: SESSION, sdp: 'v=0' }),
        () => ({ type: 'answer', to, session: SESSION, sdp: 'v=0', auth: 'a' }),
        () => ({ type: 'candidate', to, session: SESSION, candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } }),
        () => ({ type: 'candidate', to, session: SESSION, candidate: null, id: 'c' }),
        () => ({ type: 'bye', to, session: SESSION, reason: 'r' }),
        () => ({ type: 'pair-request', to, session: SESSION, payload: 'p' }),
        () => ({ type: 'pair-response', to, session: SESSION, payload: 'p' }),
        () => ({ type: 'register', streamerId: identity.streamerId, publicKey: newIdentity().publicKey }),
        () => ({ type: 'register-proof', signature: 'A'.repeat(86) }),
      ])();
    };
    const mutate = (message: Record<string, unknown>): Record<string, unknown> => {
      const keys = Object.keys(message);
      const key = pick(keys);
      const op = Math.floor(random() * 8);
      if (op === 0) message.type = pick(TYPES);
      else if (op === 1) delete message[key];
      else if (op === 2) message[key] = value();
      else if (op === 3) message[pick(['evil', '__proto__', 'constructor', 'from', 'id', 'to'])] = value();
      else if (op === 4) message[key] = pick(EXOTIC) + String(message[key]);
      else if (op === 5) {
        let nested: unknown = value();
        for (let i = Math.floor(random() * 3000); i > 0; i--) nested = random() < 0.5 ? [nested] : { a: nested };
        message[key] = nested;
      } else if (op === 6 && message.candidate && typeof message.candidate === 'object') (message.candidate as Record<string, unknown>).sdpMLineIndex = value();
      else message.id = value();
      return message;
    };
    const frame = (): string | Buffer => {
      const r = random();
      if (r < 0.03) return Buffer.from([0, 1, 2, 255]);
      if (r < 0.08) return pick(['', '{', '[]', 'null', '42', '"offer"', '{"type":"offer"', '\u0000\u0001', '{}{}']);
      let message = valid();
      if (r < 0.15) return JSON.stringify(message);
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) message = mutate(message);
      const text = JSON.stringify(message) ?? 'undefined';
      // Duplicated keys only exist in text: JSON.stringify cannot write them.
      return random() < 0.1 ? text.replace(/^\{/, `{"type":${JSON.stringify(pick(TYPES))},`) : text;
    };

    const TOTAL = 10_000;
    let sent = 0;
    const accounted = () => fuzzer.frames.length + streamer.frames.filter((f) => f.from === fuzzer.peerId).length;
    while (sent < TOTAL) {
      for (let i = 0; i < 500 && sent < TOTAL; i++, sent++) {
        const f = frame();
        if (typeof f === 'string' && Buffer.byteLength(f) > 120_000) fuzzer.send('{'); // stay below maxFrameSize (ws would close)
        else fuzzer.ws.send(f, { binary: typeof f !== 'string' });
      }
      await expect.poll(accounted, { timeout: 10_000, message: `seed ${seed}` }).toBe(sent);
    }
    const relayed = streamer.frames.filter((f) => f.from === fuzzer.peerId).length;

    expect(fuzzer.closeCode, `seed ${seed}`).toBeUndefined();
    expect(new Set(fuzzer.frames.map((f) => f.type)), `seed ${seed}`).toEqual(new Set(['error']));
    expect(bystander.frames, `seed ${seed}`).toEqual([]);
    for (const f of streamer.frames) {
      expect(f.to).toBe(identity.streamerId);
      expect(parseServerMessage(JSON.stringify(f)).ok).toBe(true);
    }
    const codes = new Set(fuzzer.frames.map((f) => f.code));
    for (const code of ['bad-json', 'bad-message', 'unknown-type', 'too-large', 'forbidden', 'unknown-peer']) expect(codes, `seed ${seed}`).toContain(code);
    expect(relayed).toBeGreaterThan(0);

    // The server still works for fresh peers.
    const viewer = await RawClient.connect(url);
    cleanup.push(() => viewer.close());
    viewer.send({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'after the storm' });
    await expect.poll(() => streamer.frames.some((f) => f.sdp === 'after the storm' && f.from === viewer.peerId)).toBe(true);
    const health = await (await fetch(`${url.replace('ws', 'http')}/healthz`)).json();
    expect(health).toEqual({ ok: true });
    expect(server.connectionCount).toBe(streamerUrl === url ? 4 : 3);
  }, 120_000); // generous: 10,000 round trips on a loaded 2-core runner
});
