/**
 * How long signalling is away when a relay instance goes: `npx tsx bench/signaling/failover.ts`.
 * redis-server, two `vigil-signal --redis` processes behind HAProxy running the shipped
 * resources/relay/haproxy.cfg (tests/helpers/relay-cluster.ts), a streamer and a viewer
 * (SignalingClient) connected through the balancer. BENCH_ROUNDS (5) times each:
 *  - kill -9 of the streamer's instance: time from the kill until the streamer is registered again
 *    and a viewer request relayed through the balancer is answered;
 *  - SIGTERM (drain) of the streamer's instance: the same, from the signal.
 * The killed or drained instance is started again before the next round. Target (issue 16):
 * signalling back within 5 s. Appends to bench/RESULTS.md under "## Signalling across instances".
 */
import { performance } from 'node:perf_hooks';
import { createNodeSocketFactory, SignalingClient } from '@vigil/signaling';
import { newIdentity } from '../../apps/signaling/src/node/testkit.ts';
import { startRedis } from '../../apps/signaling/src/node/testkit-redis.ts';
import { freePort } from '../../tests/helpers/ports.ts';
import { startBalancer, startRelay, type RelayInstance } from '../../tests/helpers/relay-cluster.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import { appendResults } from './results.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const redis = await startRedis();
const ports = [await freePort(), await freePort()];
const relays: RelayInstance[] = [];
for (const port of ports) relays.push(await startRelay(port, redis.url));
const balancer = await startBalancer(ports);
const identity = newIdentity();
const socket = createNodeSocketFactory({ fingerprint: balancer.spkiSha256 });
const streamer = new SignalingClient({ url: balancer.url, role: 'streamer', identity, createSocket: socket });
const viewer = new SignalingClient({ url: balancer.url, role: 'viewer', createSocket: socket });
// The streamer answers every request at once: the round trip proves routing across the cluster.
streamer.on('message', (m) => m.type === 'request' && streamer.send({ type: 'response', to: m.from, session: m.session, payload: m.payload }));
const figures: Record<'kill' | 'drain', number[]> = { kill: [], drain: [] };

/** Resolves once the viewer's request through the balancer comes back from the streamer. */
function roundTrip(): Promise<void> {
  return new Promise((resolve) => {
    const session = `rt-${Math.random().toString(36).slice(2, 12)}`;
    const retry = setInterval(() => viewer.send({ type: 'request', to: identity.streamerId, session, payload: '{}' }), 100);
    const off = viewer.on('message', (m) => {
      if (m.type === 'response' && m.session === session) {
        clearInterval(retry);
        off();
        resolve();
      }
    });
  });
}

try {
  streamer.start();
  viewer.start();
  await waitFor(() => streamer.state, (s) => s === 'registered', 15_000, { what: 'the streamer registered' });
  await roundTrip();
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['kill', 'drain'] as const) {
      const index = relays.findIndex((r) => streamer.peerId?.startsWith(`~${r.instanceId}`));
      const before = streamer.peerId;
      const started = performance.now();
      const gone = relays[index]!.kill(kind === 'kill' ? 'SIGKILL' : 'SIGTERM');
      await waitFor(() => streamer.peerId !== before && streamer.state === 'registered', (ok) => ok, 30_000, { what: 'the streamer registered again', every: 5 });
      await roundTrip();
      figures[kind].push(performance.now() - started);
      await gone;
      relays[index] = await startRelay(ports[index]!, redis.url);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // HAProxy's rise: 2 checks 1 s apart
    }
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `min ${(sorted[0]! / 1000).toFixed(2)} s, median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s, max ${(sorted.at(-1)! / 1000).toFixed(2)} s`;
  };
  const lines = [
    `signalling back after kill -9 of the streamer's instance (streamer registered again through HAProxy and a viewer request answered), ${ROUNDS} rounds: ${stats(figures.kill)} — target ≤ 5 s`,
    `signalling back after SIGTERM (drain, clients asked to reconnect within 2 s), ${ROUNDS} rounds: ${stats(figures.drain)} — target ≤ 5 s`,
  ];
  for (const line of lines) console.log(line);
  const env = process.env.BENCH_ROUNDS ? `BENCH_ROUNDS=${JSON.stringify(process.env.BENCH_ROUNDS)} ` : '';
  await appendResults(`${env}npx tsx bench/signaling/failover.ts`, lines, '## Signalling across instances');
} finally {
  streamer.stop();
  viewer.stop();
  await balancer.stop();
  for (const relay of relays) await relay.kill('SIGKILL');
  await redis.stop();
}
