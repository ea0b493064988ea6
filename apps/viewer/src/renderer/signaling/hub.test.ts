import { afterEach, describe, expect, it } from 'vitest';
import { parsePairingUri } from '@vigil/shared/pairing';
import { PROTOCOL_VERSION } from '@vigil/shared/signaling';
import type { PairedStreamer } from '../../common/streamers.ts';
import type { RouteReadiness } from '../../common/routes.ts';
import { SignalingHub } from './hub.ts';

const ID = 'A'.repeat(22);
const offerFor = (u: string) => {
  const parsed = parsePairingUri(`vigil://pair?v=1&u=${u}&id=${ID}&t=${'T'.repeat(22)}&fp=${'F'.repeat(22)}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.offer;
};

/** A browser WebSocket stand-in: `refuse` fails every connection as a refused certificate does. */
function stubWebSocket(refuse: boolean) {
  return class {
    readyState = 0;
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor() {
      setTimeout(() => {
        if (refuse) {
          this.onerror?.({ type: 'error' });
          this.onclose?.({ code: 1006, reason: '' });
          return;
        }
        this.readyState = 1;
        this.onopen?.({ type: 'open' });
        this.onmessage?.({ data: JSON.stringify({ type: 'welcome', protocol: PROTOCOL_VERSION, peerId: `~${'p'.repeat(12)}`, heartbeatMs: 30_000, maxPayload: 65_536 }) });
      }, 1);
    }
    send() {}
    close() {}
  };
}

describe('SignalingHub.pair', () => {
  const realWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  const hub = new SignalingHub({ presence: () => {}, connection: () => {} });
  afterEach(() => {
    hub.stop();
    (globalThis as { WebSocket?: unknown }).WebSocket = realWebSocket;
  });

  it('says the server was never reached, or holds another key, when no connection opened', async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = stubWebSocket(true);
    await expect(hub.pair(offerFor('192.0.2.9:8443'), 'Test', 300)).rejects.toThrow(
      /secure connection to the signalling server at 192\.0\.2\.9:8443.*does not hold the certificate key this pairing code names/,
    );
  });

  it('says the streamer did not answer when the server let us in', async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = stubWebSocket(false);
    await expect(hub.pair(offerFor('192.0.2.9:8443'), 'Test', 300)).rejects.toThrow(/the streamer did not answer in time/);
  });
});

/** Polls `read` until `check` holds; throws naming `what` and the last value on timeout (as tests/helpers/wait.ts). */
async function waitFor<T>(read: () => T, check: (value: T) => boolean, timeoutMs: number, { what }: { what: string }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (check(value)) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How a stub server at one URL behaves: refuses every connection, or lets in and tells presence. */
interface StubServer {
  refuse?: boolean;
  /** Streamers present on this server. */
  present?: string[];
  /** Messages the viewer sent here. */
  got: { type: string }[];
}

/** A WebSocket stand-in that routes by URL to `servers` (an unknown URL refuses). */
function stubServers(servers: Record<string, StubServer>) {
  return class {
    readyState = 0;
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    private readonly server: StubServer | undefined;
    constructor(url: string) {
      this.server = servers[url];
      setTimeout(() => {
        if (!this.server || this.server.refuse) {
          this.onerror?.({ type: 'error' });
          this.onclose?.({ code: 1006, reason: '' });
          return;
        }
        this.readyState = 1;
        this.onopen?.({ type: 'open' });
        this.reply({ type: 'welcome', protocol: PROTOCOL_VERSION, peerId: `~${'p'.repeat(12)}`, heartbeatMs: 30_000, maxPayload: 65_536 });
      }, 1);
    }
    private reply(m: unknown) {
      setTimeout(() => this.onmessage?.({ data: JSON.stringify(m) }), 1);
    }
    send(data: string) {
      const m = JSON.parse(data) as { type: string; id?: string; to?: string; streamerIds?: string[] };
      this.server!.got.push(m);
      if (m.type === 'presence-subscribe') for (const id of m.streamerIds ?? []) this.reply({ type: 'presence', streamerId: id, online: !!this.server!.present?.includes(id) });
      else if (m.to && !this.server!.present?.includes(m.to)) this.reply({ type: 'error', code: 'unknown-peer', message: 'no such peer', ref: { type: m.type, id: m.id } });
    }
    close() {}
  };
}

describe('SignalingHub routes', () => {
  const realWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  const FP = 'F'.repeat(22);
  const LAN = 'wss://192.168.1.20:8443';
  const WAN = 'wss://203.0.113.7:8443';
  const RELAY = 'wss://relay.example.org';
  const paired = (lastGood?: string): PairedStreamer => ({
    id: ID,
    name: 'Home',
    url: LAN,
    fingerprint: FP,
    routes: [
      { url: LAN, fingerprint: FP, via: 'direct' },
      { url: WAN, fingerprint: FP, via: 'direct' },
      { url: RELAY, via: 'relay' },
    ],
    lastGood,
    cameras: [],
    addedAt: 1,
  });
  let hub: SignalingHub | undefined;
  afterEach(() => {
    hub?.stop();
    (globalThis as { WebSocket?: unknown }).WebSocket = realWebSocket;
  });
  const start = (servers: Record<string, StubServer>, streamer = paired()) => {
    (globalThis as { WebSocket?: unknown }).WebSocket = stubServers(servers);
    const presence: (boolean | undefined)[] = [];
    const up: string[] = [];
    hub = new SignalingHub({ presence: (_id, online) => presence.push(online), connection: () => {}, routeUp: (_id, url) => up.push(url) });
    hub.sync([streamer]);
    return { hub, presence, up };
  };
  /** Waits (throwing on timeout) until the routes stand as `expected`. */
  const settled = (h: SignalingHub, expected: Record<string, RouteReadiness>) =>
    waitFor(() => h.routeStates(paired()), (states) => Object.entries(expected).every(([url, s]) => states[url] === s), 2_000, { what: `routes ${JSON.stringify(expected)}` });

  it('dials every route and prefers the LAN where the streamer is present', async () => {
    const servers = { [LAN]: { present: [ID], got: [] }, [WAN]: { present: [ID], got: [] }, [RELAY]: { present: [ID], got: [] } };
    const { hub, presence, up } = start(servers, paired(RELAY));
    await settled(hub, { [LAN]: 'ready', [WAN]: 'ready', [RELAY]: 'ready' });
    expect(hub.routeFor(paired())?.url).toBe(LAN);
    expect(hub.clientFor(paired())).toBe(hub.client(LAN));
    expect(presence).toEqual([undefined, true]);
    expect(up.sort()).toEqual([LAN, RELAY, WAN].sort());
    for (const s of Object.values(servers)) expect(s.got).toContainEqual({ type: 'presence-subscribe', streamerIds: [ID] });
  });

  it('uses the route that last worked when the LAN is down, then the others in order', async () => {
    const servers = { [LAN]: { refuse: true, got: [] }, [WAN]: { present: [ID], got: [] }, [RELAY]: { present: [ID], got: [] } };
    const withRelay = start(servers, paired(RELAY));
    await settled(withRelay.hub, { [LAN]: 'down', [WAN]: 'ready', [RELAY]: 'ready' });
    expect(withRelay.hub.routeFor(paired())?.url).toBe(RELAY);
    withRelay.hub.stop();
    const fresh = start(servers, paired());
    await settled(fresh.hub, { [WAN]: 'ready', [RELAY]: 'ready' });
    expect(fresh.hub.routeFor(paired())?.url).toBe(WAN);
  });

  it('skips a server the streamer is not connected to; online on any route is online', async () => {
    const servers = { [LAN]: { present: [], got: [] }, [WAN]: { refuse: true, got: [] }, [RELAY]: { present: [ID], got: [] } };
    const { hub, presence } = start(servers);
    await settled(hub, { [LAN]: 'absent', [WAN]: 'down', [RELAY]: 'ready' });
    expect(hub.routeFor(paired())?.url).toBe(RELAY);
    expect(presence.at(-1)).toBe(true);
  });

  it('waitRoute: a dead LAN address does not hold up a tile while another route opens', async () => {
    const servers = { [LAN]: { refuse: true, got: [] }, [WAN]: { refuse: true, got: [] }, [RELAY]: { present: [ID], got: [] } };
    const { hub } = start(servers);
    expect(hub.routeFor(paired())?.url).toBe(LAN); // nothing open yet
    expect((await hub.waitRoute(paired(), 2_000))?.url).toBe(RELAY);
    hub.stop();
    const none = start({});
    const route = await none.hub.waitRoute(paired(), 100);
    expect(route?.url).toBe(LAN);
    expect(route?.client.state).not.toBe('open');
  });

  it('offline on every route is offline; nothing reachable is unknown, and the LAN is the one to wait on', async () => {
    const absent = start({ [LAN]: { present: [], got: [] }, [WAN]: { present: [], got: [] }, [RELAY]: { present: [], got: [] } });
    await settled(absent.hub, { [LAN]: 'absent', [WAN]: 'absent', [RELAY]: 'absent' });
    expect(absent.presence.at(-1)).toBe(false);
    absent.hub.stop();
    const none = start({});
    await new Promise((r) => setTimeout(r, 50)); // lets the refusals happen: nothing may change
    expect(none.hub.routeStates(paired())).toEqual({ [LAN]: 'down', [WAN]: 'down', [RELAY]: 'down' });
    expect(none.presence).toEqual([undefined]);
    expect(none.hub.routeFor(paired())?.url).toBe(LAN);
  });

  it('pairs through the second route of a code when the first is dead, or when the streamer is not on it', async () => {
    const code = (u: string) => {
      const parsed = parsePairingUri(`vigil://pair?v=2&u=${u}&id=${ID}&t=${'T'.repeat(22)}&fp=${FP}`);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.offer;
    };
    const dead = { refuse: true, got: [] };
    const alive: StubServer = { present: [], got: [] };
    start({ 'wss://192.0.2.9:1': dead, 'wss://192.0.2.9:8443': alive }, { ...paired(), routes: [] });
    // The streamer never answers the stub, but the request went out on the second route.
    alive.present = [ID];
    await expect(hub!.pair(code('192.0.2.9:1,192.0.2.9:8443'), 'Test', 500)).rejects.toThrow(/the streamer did not answer in time/);
    expect(alive.got.map((m) => m.type)).toContain('pair-request');
    const notThere: StubServer = { present: [], got: [] };
    const there: StubServer = { present: [ID], got: [] };
    hub!.stop();
    start({ 'wss://192.0.2.9:1': notThere, 'wss://192.0.2.9:8443': there }, { ...paired(), routes: [] });
    await expect(hub!.pair(code('192.0.2.9:1,192.0.2.9:8443'), 'Test', 500)).rejects.toThrow(/the streamer did not answer in time/);
    expect(notThere.got.map((m) => m.type)).toContain('pair-request');
    expect(there.got.map((m) => m.type)).toContain('pair-request');
    // Connections opened only for pairing are closed again.
    expect(hub!.client('wss://192.0.2.9:8443')).toBeUndefined();
  });
});
