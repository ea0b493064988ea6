/**
 * Signalling across instances: `npx tsx bench/signaling/cluster.ts`. A real redis-server,
 * BENCH_INSTANCES (2) `vigil` server children routing through it (RedisRouter) and, in the same
 * run, one server child alone (InMemoryRouter) as the reference.
 *  1. RSS of each instance while BENCH_SOCKETS (20,000) idle sockets are spread over them (each
 *     process, holders included, must stay under the open-file limit: 20,000 here);
 *  2. viewer→streamer relay latency at BENCH_RATE (5,000) msg/s in total for BENCH_SECONDS (10) s:
 *     on the cluster two streamers registered on instance A, one fed by 50 viewers on A (local
 *     pairs), one by 50 viewers on B (pairs crossing instances), each at half the rate; on the
 *     single instance one streamer fed by 100 viewers. 1 s windows alternate cluster / single;
 *  3. Redis commands per relayed message (INFO's total_commands_processed over the cluster
 *     windows, the presence refresh included).
 * Messages are ICE candidates (BENCH_MESSAGE=offer: offers, which also charge the streamer's
 * offer budget in Redis).
 * Prints the figures and appends them to bench/RESULTS.md under "## Signalling across instances".
 */
import { cpus, loadavg } from 'node:os';
import { startRedis } from '../../apps/signaling/src/node/testkit-redis.ts';
import { hold, registerStreamer, startServer, withFileLimit, type Held, type ServerChild } from './children.ts';
import { openMany, RelayProbe, type LatencyResult } from './load.ts';
import { appendResults } from './results.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INSTANCES = Math.max(2, Number(process.env.BENCH_INSTANCES ?? 2));
const VIEWERS = 100;
const MESSAGE = process.env.BENCH_MESSAGE === 'offer' ? 'offer' : 'candidate';

await withFileLimit(Math.ceil(SOCKETS / INSTANCES) + 4 * VIEWERS + 200, main);

async function main(): Promise<void> {
  console.log(`signalling cluster bench: ${SOCKETS} idle sockets over ${INSTANCES} instances, ${RATE} msg/s, ${SECONDS} × 1 s windows alternating with one instance alone (node ${process.version})`);
  const redis = await startRedis();
  const servers: ServerChild[] = [];
  const held: Held[] = [];
  try {
    const instances: ServerChild[] = [];
    for (let i = 0; i < INSTANCES; i++) instances.push(await startServer('vigil-redis', redis.url));
    const [a, b] = instances as [ServerChild, ServerChild];
    const single = await startServer('vigil');
    servers.push(...instances, single);
    for (const server of instances) held.push(await hold(server, Math.ceil(SOCKETS / INSTANCES)));

    const local = await registerStreamer(a.url);
    const remote = await registerStreamer(a.url);
    const alone = await registerStreamer(single.url);
    // Candidates: most of what a relay carries (a few per offer), and not charged to the
    // streamer's offer budget, so the figures are the routing's own (BENCH_MESSAGE=offer adds it).
    const frame = (to: string) => (t: number) =>
      JSON.stringify(MESSAGE === 'offer' ? { type: 'offer', to, session: 'bench-0001', sdp: `t=${t}` } : { type: 'candidate', to, session: 'bench-0001', candidate: { candidate: `t=${t}` } });
    const probes = {
      local: new RelayProbe(local.streamer, await openMany(a.url, VIEWERS / 2, 20), frame(local.streamerId)),
      crossing: new RelayProbe(remote.streamer, await openMany(b.url, VIEWERS / 2, 20), frame(remote.streamerId)),
      single: new RelayProbe(alone.streamer, await openMany(single.url, VIEWERS, 20), frame(alone.streamerId)),
    };
    const cluster = (record: boolean) => Promise.all([probes.local.window(RATE / 2, 1000, record), probes.crossing.window(RATE / 2, 1000, record)]);
    await cluster(false);
    await probes.single.window(RATE, 1000, false);
    const commands = () => redis.command('INFO stats').then((text) => Number(/total_commands_processed:(\d+)/.exec(text)?.[1]));
    let redisCommands = 0;
    const load = loadavg()[0]!;
    for (let i = 0; i < SECONDS; i++) {
      const before = await commands();
      await cluster(true);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the window's last messages land
      redisCommands += (await commands()) - before - 1; // minus the INFO itself
      await probes.single.window(RATE, 1000, true);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const results = { local: probes.local.result(), crossing: probes.crossing.result(), single: probes.single.result() };
    const relayed = (results.local.received + results.crossing.received) * (SECONDS / (SECONDS + 1)); // recorded windows only
    await report(held, results, redisCommands / relayed, load);
  } finally {
    for (const h of held) await h.stop();
    for (const server of servers) await server.stop();
    await redis.stop();
  }
}

async function report(held: Held[], r: Record<'local' | 'crossing' | 'single', LatencyResult>, commandsPerMessage: number, load: number): Promise<void> {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const ms = (value: number) => value.toFixed(2);
  const line = (name: string, x: LatencyResult) => `  ${name} p50 ${ms(x.p50)} ms  p90 ${ms(x.p90)} ms  p99 ${ms(x.p99)} ms  max ${ms(x.max)} ms  (sent ${x.sent}, received ${x.received}, errors ${x.errors})`;
  const total = held.reduce((sum, h) => sum + h.rss, 0);
  const perSocket = held.reduce((sum, h) => sum + (h.rss - h.baseRss), 0) / SOCKETS / 1024;
  const lines = [
    `RSS with ${SOCKETS} idle sockets over ${INSTANCES} instances: ${held.map((h, i) => `instance ${i + 1} ${mb(h.rss)} MB (${mb(h.baseRss)} MB before)`).join(', ')}; ${mb(total)} MB in all, ${perSocket.toFixed(1)} KiB/socket → 50,000 sockets ≈ ${mb(total + (50_000 - SOCKETS) * perSocket * 1024)} MB — target ≤ 1 GB`,
    `relay latency viewer→streamer, ${MESSAGE} messages at ${RATE} msg/s, ${SECONDS} s of 1 s windows alternating cluster / one instance (which holds no idle sockets):`,
    line('cluster, same instance:      ', r.local),
    line('cluster, crossing instances: ', r.crossing),
    line('one instance alone:          ', r.single),
    `  crossing instances adds ${ms(r.crossing.p50 - r.local.p50)} ms at p50 against the same instance, ${ms(r.crossing.p50 - r.single.p50)} ms against one instance alone — target ≤ 1 ms; p99 target ≤ 10 ms`,
    `Redis commands per relayed message (half of them crossing; ${MESSAGE === 'offer' ? "offers also charge the streamer's budget, a script whose INCR counts too" : 'the presence refresh included'}): ${commandsPerMessage.toFixed(2)}`,
    `machine load average ${load.toFixed(2)} on ${cpus().length} cores at start (redis-server, ${INSTANCES + 1} servers, ${INSTANCES} holders and the load generator share them)`,
  ];
  for (const l of lines) console.log(l);
  const env = ['BENCH_INSTANCES', 'BENCH_SOCKETS', 'BENCH_RATE', 'BENCH_SECONDS', 'BENCH_MESSAGE'].filter((k) => process.env[k]).map((k) => `${k}=${JSON.stringify(process.env[k])} `).join('');
  await appendResults(`${env}npx tsx bench/signaling/cluster.ts`, lines, '## Signalling across instances');
}
