import { describe, expect, it } from 'vitest';
import { ADVICE, adviceOf, isPrivateHost, routeReach, verdictOf } from './advice.ts';
import type { RemoteStatus } from './index.ts';

const base: RemoteStatus = {
  publicAddress: '203.0.113.7',
  routerAddress: '203.0.113.7',
  cgnat: false,
  portMapping: { state: 'ok', detail: 'Ports open', mappings: [{ protocol: 'TCP', external: 8443, internal: 8443 }] },
  relays: [],
  turn: { state: 'ok', detail: 'set', servers: ['turn:turn.example.org'] },
  routes: [],
};
const relay = (state: RemoteStatus['relays'][number]['state']) => ({ url: 'wss://relay.example.org', state, detail: state === 'failed' ? 'connection refused' : '' });

describe('remote verdict and advice', () => {
  it('reads anywhere, relay only, home only and checking', () => {
    expect(verdictOf(base)).toBe('anywhere');
    expect(verdictOf({ ...base, cgnat: true, relays: [relay('ok')] })).toBe('relay');
    expect(verdictOf({ ...base, cgnat: true })).toBe('home');
    expect(verdictOf({ ...base, portMapping: { ...base.portMapping, state: 'working' } })).toBe('checking');
    expect(verdictOf({ ...base, portMapping: { ...base.portMapping, state: 'failed' }, relays: [relay('failed')] })).toBe('home');
  });

  it('says what to do about each missing part', () => {
    expect(adviceOf(base)).toEqual([]);
    expect(adviceOf({ ...base, portMapping: { ...base.portMapping, state: 'failed' }, turn: { state: 'off', detail: '', servers: [] } })).toEqual([ADVICE.upnpOff, ADVICE.turnMissing]);
    expect(adviceOf({ ...base, cgnat: true })).toEqual([ADVICE.cgnat]);
    // Behind CGNAT with a working relay there is nothing more to do about the address.
    expect(adviceOf({ ...base, cgnat: true, relays: [relay('ok')] })).toEqual([]);
    expect(adviceOf({ ...base, relays: [relay('failed')] })).toEqual(['The relay relay.example.org cannot be reached (connection refused): check its address and pin, or remove it']);
  });

  it('tells home addresses from public ones', () => {
    for (const host of ['192.168.1.20', '10.0.0.2', '172.20.1.1', '100.64.0.1', '127.0.0.1', 'localhost', '[fd00::1]', 'fe80::1', 'nas.local']) expect(isPrivateHost(host), host).toBe(true);
    for (const host of ['203.0.113.7', '172.32.0.1', 'home.example.org', '[2001:db8::1]']) expect(isPrivateHost(host), host).toBe(false);
    expect(routeReach({ url: 'wss://192.168.1.20:8443', via: 'direct' })).toBe('home');
    expect(routeReach({ url: 'wss://203.0.113.7:8443', via: 'direct' })).toBe('away');
    expect(routeReach({ url: 'wss://[fd00::1]:8443', via: 'direct' })).toBe('home');
    expect(routeReach({ url: 'wss://relay.example.org', via: 'relay' })).toBe('away');
  });
});
