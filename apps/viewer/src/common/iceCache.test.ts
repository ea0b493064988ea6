import { describe, expect, it } from 'vitest';
import { IceCache } from './iceCache.ts';

const ID = 'A'.repeat(22);
const TURN = { urls: ['turn:turn.example.org:3478?transport=udp'], username: '1700000000:viewer', credential: 'secret' };

/** A cache over scripted replies and a clock the test moves. */
function setup(replies: (() => Promise<string>)[]) {
  let now = 1_000_000;
  const calls: string[] = [];
  const cache = new IceCache({
    fetch: (id) => {
      calls.push(id);
      const next = replies.shift();
      return next ? next() : Promise.reject(new Error('no more replies'));
    },
    now: () => now,
    marginMs: 60_000,
    ttlMs: 600_000,
    errorTtlMs: 30_000,
  });
  return { cache, calls, advance: (ms: number) => (now += ms) };
}

describe('IceCache', () => {
  it('fetches once for concurrent tiles and keeps TURN credentials until a margin before they expire', async () => {
    const expiresAt = 1_000_000 + 3_600_000; // the clock starts at 1,000,000
    const s = setup([async () => JSON.stringify({ iceServers: [TURN], expiresAt }), async () => JSON.stringify({ iceServers: [], expiresAt: expiresAt + 3_600_000 })]);
    const [a, b] = await Promise.all([s.cache.get(ID), s.cache.get(ID)]);
    expect(a).toEqual([TURN]);
    expect(b).toBe(a);
    expect(s.calls).toHaveLength(1);
    s.advance(3_600_000 - 60_001);
    expect(s.cache.peek(ID)).toEqual([TURN]);
    s.advance(2);
    expect(s.cache.peek(ID)).toBeUndefined();
    expect(await s.cache.get(ID)).toEqual([]);
    expect(s.calls).toHaveLength(2);
  });

  it('reads an error reply (an engine without the method) as no servers, kept briefly', async () => {
    const s = setup([async () => '{"error":"unknown method \\"ice\\""}', async () => JSON.stringify({ iceServers: [TURN] })]);
    expect(await s.cache.get(ID)).toEqual([]);
    s.advance(29_000);
    expect(await s.cache.get(ID)).toEqual([]);
    expect(s.calls).toHaveLength(1);
    s.advance(2_000);
    expect(await s.cache.get(ID)).toEqual([TURN]);
    expect(s.calls).toHaveLength(2);
  });

  it('a failed fetch or a malformed config gives no servers, and is asked again after the short delay', async () => {
    const s = setup([
      () => Promise.reject(new Error('the streamer did not answer in time')),
      async () => JSON.stringify({ iceServers: [{ urls: ['http://not-ice'] }] }),
      async () => JSON.stringify({ iceServers: [TURN] }),
    ]);
    expect(await s.cache.get(ID)).toEqual([]);
    s.advance(30_001);
    expect(await s.cache.get(ID)).toEqual([]);
    s.advance(30_001);
    expect(await s.cache.get(ID)).toEqual([TURN]);
  });

  it('keeps a config without expiry for the ttl, and forgets on invalidate', async () => {
    const s = setup([async () => JSON.stringify({ iceServers: [{ urls: ['stun:stun.example.org:3478'] }] }), async () => JSON.stringify({ iceServers: [TURN] })]);
    await s.cache.get(ID);
    s.advance(599_000);
    expect(s.cache.peek(ID)).toEqual([{ urls: ['stun:stun.example.org:3478'] }]);
    s.cache.invalidate(ID);
    expect(await s.cache.get(ID)).toEqual([TURN]);
    expect(s.calls).toHaveLength(2);
  });
});
