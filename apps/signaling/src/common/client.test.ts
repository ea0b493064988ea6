import { afterEach, describe, expect, it, vi } from 'vitest';
import { registrationChallengeText } from '@vigil/shared/signaling';
import { createSignalingServer } from '../node/server.ts';
import { createNodeSocketFactory } from '../node/socketFactory.ts';
import { eventually, newIdentity, SESSION } from '../node/testkit.ts';
import { SignalingClient, type ClientError, type ClientState } from './client.ts';
import type { WebSocketLike } from './socket.ts';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  /** Server side: open and greet. */
  welcome(peerId = '~abcdefghijkl'): void {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({ type: 'welcome', protocol: 1, peerId, heartbeatMs: 30000, maxPayload: 65536 });
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

const S = 'AAAAAAAAAAAAAAAAAAAAAA';
const offer = (n: number) => ({ type: 'offer' as const, to: S, session: SESSION, sdp: `v=${n}` });

function fakeClient(options: Partial<ConstructorParameters<typeof SignalingClient>[0]> = {}) {
  const sockets: FakeSocket[] = [];
  const client = new SignalingClient({ url: 'ws://test', role: 'viewer', createSocket: () => (sockets.push(new FakeSocket()), sockets.at(-1)!), ...options });
  const states: ClientState[] = [];
  const errors: ClientError[] = [];
  client.on('state', (s) => states.push(s));
  client.on('error', (e) => errors.push(e));
  return { client, sockets, states, errors };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SignalingClient (fake socket)', () => {
  it('queues while connecting, drops the oldest past maxQueue, flushes in order on welcome', () => {
    const { client, sockets, errors } = fakeClient({ maxQueue: 3 });
    client.start();
    for (let i = 0; i < 5; i++) client.send(offer(i));
    expect(errors.map((e) => [e.kind, (e.dropped as { sdp: string }).sdp])).toEqual([
      ['dropped', 'v=0'],
      ['dropped', 'v=1'],
    ]);
    sockets[0]!.welcome();
    expect(sockets[0]!.sent.map((m) => m.sdp)).toEqual(['v=2', 'v=3', 'v=4']);
    client.send(offer(5));
    expect(sockets[0]!.sent).toHaveLength(4);
    client.stop();
  });

  it('reports invalid server frames without throwing', () => {
    const { client, sockets, errors } = fakeClient();
    client.start();
    sockets[0]!.welcome();
    expect(() => sockets[0]!.receive('{nope')).not.toThrow();
    sockets[0]!.receive({ type: 'answer', to: S, session: SESSION, sdp: 'x' }); // relayed without `from`
    sockets[0]!.onmessage?.({ data: new Uint8Array(2) });
    expect(errors.map((e) => e.kind)).toEqual(['invalid-frame', 'invalid-frame', 'invalid-frame']);
    client.stop();
  });

  it('reconnects with exponential backoff, registers by itself and re-subscribes presence', async () => {
    vi.useFakeTimers();
    const identity = { streamerId: S, publicKey: 'A'.repeat(43), sign: vi.fn(async (text: string) => `sig:${text}`) };
    const { client, sockets, states } = fakeClient({ role: 'streamer', identity, backoff: { initialMs: 100, maxMs: 1000, jitter: 0 } });
    client.start();
    client.subscribePresence([S]);
    const handshake = async (socket: FakeSocket) => {
      socket.welcome();
      expect(socket.sent.shift()).toEqual({ type: 'register', streamerId: S, publicKey: identity.publicKey });
      socket.receive({ type: 'challenge', nonce: 'N'.repeat(43) });
      await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
      expect(socket.sent.shift()).toEqual({ type: 'register-proof', signature: `sig:${registrationChallengeText('N'.repeat(43), S)}` });
      socket.receive({ type: 'registered', streamerId: S });
      expect(socket.sent.shift()).toEqual({ type: 'presence-subscribe', streamerIds: [S] });
    };
    await handshake(sockets[0]!);
    expect(states).toEqual(['connecting', 'open', 'registered']);

    sockets[0]!.drop();
    sockets.length = 0;
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(1);
    sockets[0]!.drop(); // second failure: 200 ms
    await vi.advanceTimersByTimeAsync(199);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    await handshake(sockets[1]!);
    expect(states.slice(-3)).toEqual(['connecting', 'open', 'registered']);
    client.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on a drain notice keeps the old connection until a random moment within withinMs, then dials again', async () => {
    vi.useFakeTimers();
    const { client, sockets } = fakeClient({ random: () => 0.5, backoff: { initialMs: 100, jitter: 0 } });
    client.start();
    sockets[0]!.welcome();
    sockets[0]!.receive({ type: 'reconnect', reason: 'draining', withinMs: 2000 });
    await vi.advanceTimersByTimeAsync(999);
    expect([sockets.length, sockets[0]!.readyState]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(1 + 100);
    expect([sockets.length, sockets[0]!.readyState]).toEqual([2, 3]);
    client.stop();
  });

  it('stops for good when replaced by another connection', () => {
    const { client, sockets, errors } = fakeClient();
    client.start();
    sockets[0]!.welcome();
    sockets[0]!.receive({ type: 'error', code: 'replaced', message: 'newer connection' });
    expect(errors.map((e) => e.kind)).toEqual(['replaced']);
    expect(client.state).toBe('closed');
    sockets[0]!.drop();
    expect(sockets).toHaveLength(1);
  });
});

describe('SignalingClient (real server)', () => {
  it('reconnects and re-registers after a server restart on the same port', async () => {
    let server = createSignalingServer();
    const { url, port } = await server.start();
    const identity = newIdentity();
    const createSocket = createNodeSocketFactory();
    const streamer = new SignalingClient({ url, role: 'streamer', identity, createSocket, backoff: { initialMs: 20, maxMs: 200 } });
    const viewer = new SignalingClient({ url, role: 'viewer', createSocket, backoff: { initialMs: 20, maxMs: 200 } });
    const offers: string[] = [];
    const presence: boolean[] = [];
    streamer.on('message', (m) => m.type === 'offer' && offers.push(m.sdp));
    viewer.on('message', (m) => m.type === 'presence' && presence.push(m.online));
    try {
      streamer.start();
      viewer.start();
      viewer.subscribePresence([identity.streamerId]);
      await eventually(() => streamer.state === 'registered' && presence.at(-1) === true, 3000, 'first registration');
      viewer.send({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'before' });
      await eventually(() => offers.includes('before'));

      await server.stop();
      await eventually(() => streamer.state !== 'registered' && viewer.state !== 'open', 3000, 'clients noticed');
      server = createSignalingServer({ port });
      await server.start();
      await eventually(() => streamer.state === 'registered' && viewer.state === 'open', 5000, 're-registration');
      // The re-sent presence subscription reports the streamer online on the new server.
      await eventually(() => presence.at(-1) === true && presence.length >= 2, 3000, 'presence re-subscribed');
      viewer.send({ type: 'offer', to: identity.streamerId, session: SESSION, sdp: 'after' });
      await eventually(() => offers.includes('after'), 3000, 'relay after restart');
      expect(server.peerInfo(streamer.peerId!)).toMatchObject({ role: 'streamer', streamerId: identity.streamerId });
    } finally {
      streamer.stop();
      viewer.stop();
      await server.stop();
    }
  });

  it('stops with a registration error when the key does not match the id', async () => {
    const server = createSignalingServer();
    const { url } = await server.start();
    const identity = { ...newIdentity(), publicKey: newIdentity().publicKey };
    const client = new SignalingClient({ url, role: 'streamer', identity, createSocket: createNodeSocketFactory() });
    const errors: ClientError[] = [];
    client.on('error', (e) => errors.push(e));
    try {
      client.start();
      await eventually(() => errors.length > 0);
      expect(errors[0]).toMatchObject({ kind: 'registration', message: expect.stringMatching(/^auth-failed/) });
      expect(client.state).toBe('closed');
      await eventually(() => server.connectionCount === 0, 2000, 'client gone');
    } finally {
      client.stop();
      await server.stop();
    }
  });
});
