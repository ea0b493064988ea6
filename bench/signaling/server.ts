/**
 * Benchmark server child: `vigil` (the real signalling server), `vigil-redis <url>` (the same
 * routing through Redis, one instance of a cluster) or `reference` (a bare `ws` relay that
 * forwards every viewer frame to the streamer socket, no parsing, no validation).
 * Runs in its own process so its RSS is measured alone. Protocol with the parent over IPC:
 * it sends { url } once listening, answers 'stats' with { rss, heapUsed, connections, cpuMicros }
 * (after a GC) and 'cpu' with { cpuMicros } (no GC, so it can bracket a measurement).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { createSignalingServer } from '@vigil/signaling';
import { RedisRouter } from '../../apps/signaling/src/node/redis-router.ts';

const kind = process.argv[2] === 'reference' ? 'reference' : 'vigil';
const redisUrl = process.argv[2] === 'vigil-redis' ? process.argv[3] : undefined;
let connections = () => 0;
let stop: () => Promise<void>;

if (kind === 'vigil') {
  // Raised limits: every bench socket comes from 127.0.0.1, so the per-address ones (connections,
  // and messages from one address to one streamer id) are lifted. Per-connection rate limits stay
  // at their defaults; the load generator spreads 5,000 msg/s over enough viewers to respect them.
  // The offers-per-streamer budget is lifted too (every bench message is an offer to one streamer)
  // but still charged, so the Redis script it costs is part of the figures.
  const router = redisUrl ? new RedisRouter({ url: redisUrl }) : undefined;
  await router?.ready();
  const server = createSignalingServer({ router, maxConnectionsPerAddress: 50_000, perTargetMessagesPerSecond: 1e6, perTargetBurst: 1e6, streamerOffersPerSecond: 1e6, connections: { maxConnections: 50_000 }, ...(process.env.BENCH_HEARTBEAT_MS ? { heartbeatIntervalMs: Number(process.env.BENCH_HEARTBEAT_MS) } : {}) });
  const { url } = await server.start();
  connections = () => server.connectionCount;
  stop = () => server.stop();
  process.send!({ url });
} else {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  let streamer: WebSocket | undefined;
  let count = 0;
  wss.on('connection', (ws) => {
    count++;
    ws.on('close', () => count--);
    ws.send('{"type":"welcome"}');
    ws.on('message', (data: Buffer) => {
      if (data.length === 8 && data.toString() === 'streamer') streamer = ws;
      else streamer?.send(data, { binary: false });
    });
  });
  connections = () => count;
  stop = () =>
    new Promise((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close(() => resolve());
    });
  const { port } = wss.address() as { port: number };
  process.send!({ url: `ws://127.0.0.1:${port}` });
}

process.on('message', (message) => {
  if (message === 'stats') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    process.send!({ rss, heapUsed, connections: connections(), cpuMicros: user + system });
  } else if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  } else if (message === 'stop') {
    void stop().then(() => process.exit(0));
  }
});
