import { describe, expect, it } from 'vitest';
import type { SignalingRoute } from '@vigil/shared/pairing';
import { isPrivateHost, pickRoute, readRoutesReply, routeKind, routeOrder, type RouteReadiness } from './routes.ts';

const FP = 'F'.repeat(22);
const LAN = 'wss://192.168.1.20:8443';
const WAN = 'wss://203.0.113.7:8443';
const RELAY = 'wss://relay.example.org';
const routes: SignalingRoute[] = [
  { url: LAN, fingerprint: FP, via: 'direct' },
  { url: WAN, fingerprint: FP, via: 'direct' },
  { url: RELAY, via: 'relay' },
];
const streamer = (lastGood?: string) => ({ routes, lastGood, fingerprint: FP });
const states = (map: Record<string, RouteReadiness>) => (url: string) => map[url] ?? 'down';

describe('route preference', () => {
  it('orders the LAN first, then the route that last worked, then the rest as listed', () => {
    expect(routeOrder(streamer())).toEqual([LAN, WAN, RELAY]);
    expect(routeOrder(streamer(RELAY))).toEqual([LAN, RELAY, WAN]);
    expect(routeOrder(streamer('wss://gone.example'))).toEqual([LAN, WAN, RELAY]);
  });

  it('picks a route where the streamer is present, over one merely open, over one without it', () => {
    expect(pickRoute(streamer(RELAY), states({}))).toBe(LAN); // nothing up: the LAN, to wait on
    expect(pickRoute(streamer(RELAY), states({ [LAN]: 'ready', [RELAY]: 'ready', [WAN]: 'ready' }))).toBe(LAN);
    expect(pickRoute(streamer(RELAY), states({ [LAN]: 'down', [RELAY]: 'ready', [WAN]: 'ready' }))).toBe(RELAY);
    expect(pickRoute(streamer(), states({ [LAN]: 'down', [RELAY]: 'ready', [WAN]: 'ready' }))).toBe(WAN);
    expect(pickRoute(streamer(), states({ [LAN]: 'absent', [WAN]: 'open', [RELAY]: 'ready' }))).toBe(RELAY);
    expect(pickRoute(streamer(), states({ [LAN]: 'absent', [WAN]: 'open' }))).toBe(WAN);
    expect(pickRoute(streamer(), states({ [LAN]: 'down', [RELAY]: 'absent' }))).toBe(RELAY);
  });

  it('names the kinds: the first direct route is the home network, other direct ones the internet', () => {
    expect(routes.map((r) => routeKind(streamer(), r))).toEqual(['Home network', 'Internet', 'Relay']);
    // A second direct route on a private address (another LAN interface) is still the home network.
    const lan2 = { url: 'wss://10.0.0.5:8443', fingerprint: FP, via: 'direct' as const };
    expect(routeKind({ routes: [...routes, lan2] }, lan2)).toBe('Home network');
    expect(['172.16.0.1', '172.32.0.1', 'fd12::1', 'fe80::1', 'cam.local', '8.8.8.8'].map(isPrivateHost)).toEqual([true, false, true, true, true, false]);
  });
});

describe('routes reply', () => {
  const reply = (list: unknown) => JSON.stringify({ routes: list });

  it('accepts new addresses and relays under the pin already trusted; relays may bring their own pin', () => {
    const next = [routes[0], { url: 'wss://198.51.100.9:8443', fingerprint: FP, via: 'direct' }, { url: 'wss://relay2.example.org', fingerprint: 'R'.repeat(22), via: 'relay' }];
    expect(readRoutesReply(streamer(), reply(next))).toEqual({ ok: true, routes: next });
  });

  it('refuses a reply that changes or drops the pin of the streamer’s own server', () => {
    const changed = readRoutesReply(streamer(), reply([{ url: LAN, fingerprint: 'X'.repeat(22), via: 'direct' }]));
    expect(changed).toMatchObject({ ok: false, error: /another TLS key for the streamer's own server \(wss:\/\/192\.168\.1\.20:8443\)/ });
    // A relay's pin does not count as the server's own.
    expect(readRoutesReply(streamer(), reply([{ url: 'wss://relay.example.org', fingerprint: 'X'.repeat(22), via: 'relay' }])).ok).toBe(true);
    // A loopback pairing without a pin cannot gain one by a reply either.
    const loopback = { routes: [{ url: 'ws://127.0.0.1:9', via: 'direct' as const }] };
    expect(readRoutesReply(loopback, reply([{ url: 'wss://127.0.0.1:9', fingerprint: FP, via: 'direct' }])).ok).toBe(false);
    expect(readRoutesReply(loopback, reply([{ url: 'ws://127.0.0.1:10', via: 'direct' }])).ok).toBe(true);
  });

  it('tells an engine without the method from a malformed reply', () => {
    expect(readRoutesReply(streamer(), '{"error":"unknown method \\"routes\\""}')).toMatchObject({ ok: false, unsupported: true });
    expect(readRoutesReply(streamer(), reply([]))).toMatchObject({ ok: false, error: 'the reply is not a route list' });
    expect(readRoutesReply(streamer(), 'nope')).toMatchObject({ ok: false, error: 'the reply is not JSON' });
    expect(readRoutesReply(streamer(), reply([{ url: 'ws://10.0.0.1:1', via: 'direct' }])).ok).toBe(false);
  });
});
