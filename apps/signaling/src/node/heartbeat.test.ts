import { afterEach, describe, expect, it } from 'vitest';
import { Heartbeat, heartbeatTickMs, type Beating } from './heartbeat.ts';
import { createSignalingServer } from './server.ts';
import { newIdentity, RawClient } from './testkit.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

// When it drops the peer (one missed round, ≤ 2 intervals) is the fake-clock test below; here,
// with real sockets and timers, only that it does, so a loaded machine cannot fail it.
it('drops a peer that stops answering pings and tells presence watchers', async () => {
  const interval = 200;
  const server = createSignalingServer({ heartbeatIntervalMs: interval });
  const { url } = await server.start();
  cleanup.push(() => server.stop());
  const identity = newIdentity();
  const mute = await RawClient.connect(url, { autoPong: false });
  const watcher = await RawClient.connect(url);
  cleanup.push(() => mute.close(), () => watcher.close());
  await mute.register(identity);
  watcher.send({ type: 'presence-subscribe', streamerIds: [identity.streamerId] });
  expect(await watcher.next('presence')).toMatchObject({ online: true });

  const offline = await watcher.next('presence', 10_000);
  expect(offline).toEqual({ type: 'presence', streamerId: identity.streamerId, online: false });
  expect(await mute.closed()).toBe(1006); // terminated, no closing handshake
  expect(server.peerInfo(mute.peerId)).toBeUndefined();

  // A peer that answers keeps its connection across many intervals (the sleep lets them pass: it
  // proves a drop that does not happen).
  await new Promise((resolve) => setTimeout(resolve, 4 * interval));
  expect(watcher.closeCode).toBeUndefined();
  expect(server.peerInfo(watcher.peerId)).toMatchObject({ role: 'unknown' });
});

describe('Heartbeat scheduling', () => {
  function peer() {
    const log: string[] = [];
    const p: Beating & { log: string[] } = { alive: true, beatTick: undefined, log, ws: { ping: () => log.push('ping'), terminate: () => log.push('terminate') } };
    return p;
  }

  it('spreads the pings of peers that connected together over the interval', () => {
    const interval = 30_000;
    let now = 0;
    let seed = 1;
    const heartbeat = new Heartbeat(interval, () => now, () => (seed = (seed * 16807) % 2147483647) / 2147483647);
    const peers = Array.from({ length: 10_000 }, () => peer());
    peers.forEach((p) => heartbeat.add(p));
    let busiest = 0;
    for (now = 0; now <= interval; now += heartbeatTickMs(interval)) {
      const before = peers.reduce((n, p) => n + p.log.length, 0);
      heartbeat.tick(now);
      busiest = Math.max(busiest, peers.reduce((n, p) => n + p.log.length, 0) - before);
    }
    expect(peers.every((p) => p.log.length === 1)).toBe(true); // each pinged exactly once
    expect(busiest).toBeLessThan(100); // 10,000 × 100 ms / 15 s ≈ 67 per tick, never 10,000
  });

  it('terminates a peer that missed one ping round, and only it; removed peers are left alone', () => {
    let now = 0;
    const heartbeat = new Heartbeat(1000, () => now, () => 1);
    const [silent, healthy, gone] = [peer(), peer(), peer()];
    [silent, healthy, gone].forEach((p) => heartbeat.add(p)); // first beat at 1000
    heartbeat.remove(gone);
    heartbeat.tick((now = 1000));
    healthy.alive = true; // pong
    heartbeat.tick((now = 1500)); // nobody due
    expect(silent.log).toEqual(['ping']);
    heartbeat.tick((now = 2000));
    expect(silent.log).toEqual(['ping', 'terminate']);
    expect(healthy.log).toEqual(['ping', 'ping']);
    expect(gone.log).toEqual([]);
  });
});
