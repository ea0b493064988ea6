import { describe, expect, it } from 'vitest';
import type { SignalingRoute } from '@vigil/shared/pairing';
import type { PairedStreamer } from '../../common/streamers.ts';
import { ROUTES_REQUEST, RoutesRefresh } from './routesRefresh.ts';

const ID = 'A'.repeat(22);
const FP = 'F'.repeat(22);
const LAN: SignalingRoute = { url: 'wss://192.168.1.20:8443', fingerprint: FP, via: 'direct' };
const streamer: PairedStreamer = {
  id: ID,
  name: 'Home',
  url: LAN.url,
  fingerprint: FP,
  routes: [LAN],
  credential: { viewerId: 'V'.repeat(22), credential: 'C'.repeat(43), staticKey: 'K'.repeat(87) },
  cameras: [],
  addedAt: 1,
};

/** A refresher whose hub answers `replies` in turn. */
function setup(replies: string[]) {
  let now = 0;
  const asked: string[] = [];
  const saved: SignalingRoute[][] = [];
  const logged: string[] = [];
  const refresh = new RoutesRefresh({
    hub: {
      request: async (_s, payload) => {
        asked.push(payload);
        const reply = replies.shift();
        if (reply === undefined) throw new Error('the streamer did not answer in time');
        return reply;
      },
    },
    streamers: () => [streamer],
    save: (_id, routes) => saved.push(routes),
    log: (m) => logged.push(m),
    now: () => now,
  });
  return { refresh, asked, saved, logged, advance: (ms: number) => (now += ms) };
}

describe('RoutesRefresh', () => {
  it('stores a new route list (a new public address, a relay with its own pin)', async () => {
    const next = [LAN, { url: 'wss://203.0.113.7:8443', fingerprint: FP, via: 'direct' }, { url: 'wss://relay.example.org', fingerprint: 'R'.repeat(22), via: 'relay' }];
    const s = setup([JSON.stringify({ routes: next })]);
    await s.refresh.refresh(ID);
    expect(s.asked).toEqual([ROUTES_REQUEST]);
    expect(s.saved).toEqual([next]);
    expect(s.logged).toEqual([]);
  });

  it('refuses and logs a list that changes the pin of the streamer’s own server', async () => {
    const s = setup([JSON.stringify({ routes: [{ ...LAN, fingerprint: 'X'.repeat(22) }] })]);
    await s.refresh.refresh(ID);
    expect(s.saved).toEqual([]);
    expect(s.logged).toEqual([expect.stringMatching(/refused the routes "Home" sent: it names another TLS key/)]);
  });

  it('leaves the routes alone for an engine without the method, an unchanged list, or no answer', async () => {
    const s = setup(['{"error":"unknown method \\"routes\\""}', JSON.stringify({ routes: [LAN] })]);
    await s.refresh.refresh(ID);
    s.advance(5_000);
    await s.refresh.refresh(ID);
    s.advance(5_000);
    await s.refresh.refresh(ID);
    expect(s.asked).toHaveLength(3);
    expect(s.saved).toEqual([]);
    expect(s.logged).toEqual([]);
  });

  it('does not ask again within the minimum gap unless forced (the 10-minute round)', async () => {
    const s = setup([JSON.stringify({ routes: [LAN] }), JSON.stringify({ routes: [LAN] }), JSON.stringify({ routes: [LAN] })]);
    await s.refresh.refresh(ID);
    s.advance(1_000);
    await s.refresh.refresh(ID);
    expect(s.asked).toHaveLength(1);
    await s.refresh.refresh(ID, true);
    expect(s.asked).toHaveLength(2);
  });
});
