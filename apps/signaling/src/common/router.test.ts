import { describe, expect, it } from 'vitest';
import { InMemoryRouter, type PeerHandle } from './router.ts';

function handle(): PeerHandle & { frames: string[]; evicted: string[] } {
  const frames: string[] = [];
  const evicted: string[] = [];
  return { frames, evicted, deliver: (f) => (frames.push(f), true), evict: (code) => void evicted.push(code) };
}

const S = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('InMemoryRouter', () => {
  it('resolves streamer ids and peer ids, and publishes presence on transitions only', async () => {
    const router = new InMemoryRouter();
    const [a, b, w] = [handle(), handle(), handle()];
    await router.attach('~a', a);
    await router.attach('~b', b);
    await router.attach('~w', w);
    expect(await router.subscribePresence('~w', [S])).toEqual([{ streamerId: S, online: false }]);
    expect(await router.claimStreamer(S, '~a', 'replace')).toEqual({ ok: true });
    expect(await router.resolve(S)).toEqual({ peerId: '~a', streamerId: S });
    expect(await router.resolve('~b')).toEqual({ peerId: '~b' });
    expect(await router.resolve('~zz')).toBeUndefined();
    expect(await router.claimStreamer(S, '~b', 'reject')).toEqual({ ok: false, holder: '~a' });
    expect(await router.claimStreamer(S, '~b', 'replace')).toEqual({ ok: true, replaced: '~a' });
    expect(a.evicted).toEqual(['replaced']);
    await router.detach('~a'); // the replaced peer leaving must not unbind its successor
    expect(await router.resolve(S)).toEqual({ peerId: '~b', streamerId: S });
    await router.detach('~b');
    expect(await router.resolve(S)).toBeUndefined();
    expect(w.frames.map((f) => JSON.parse(f).online)).toEqual([true, false]);
    expect(await router.deliver('~b', 'x')).toBe('unknown');
  });

  it('mints distinct peer ids of the protocol’s shape and counts a streamer’s offers in a token bucket', async () => {
    const router = new InMemoryRouter();
    const ids = new Set(Array.from({ length: 100 }, () => router.newPeerId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^~[A-Za-z0-9_-]{12}$/);
    const taken = await Promise.all(Array.from({ length: 7 }, () => router.takeStreamerBudget(S, 5)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await router.takeStreamerBudget('BBBBBBBBBBBBBBBBBBBBBB', 5)).toBe(true);
    expect(router.health()).toBe('ok');
  });
});
