import { afterEach, expect, it } from 'vitest';
import { createSignalingServer } from './server.ts';
import { newIdentity, RawClient } from './testkit.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

it('drops a peer that stops answering pings within ~2 intervals and tells presence watchers', async () => {
  const interval = 150;
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

  const since = Date.now();
  const offline = await watcher.next('presence', 5 * interval);
  const elapsed = Date.now() - since;
  expect(offline).toEqual({ type: 'presence', streamerId: identity.streamerId, online: false });
  expect(elapsed).toBeLessThanOrEqual(2 * interval + 100);
  expect(await mute.closed()).toBe(1006); // terminated, no closing handshake
  expect(server.peerInfo(mute.peerId)).toBeUndefined();

  // A peer that answers keeps its connection across many intervals.
  await new Promise((resolve) => setTimeout(resolve, 4 * interval));
  expect(watcher.closeCode).toBeUndefined();
  expect(server.peerInfo(watcher.peerId)).toMatchObject({ role: 'unknown' });
});
