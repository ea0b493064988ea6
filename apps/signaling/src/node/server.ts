/**
 * The embeddable signalling server: HTTP(S) + WebSocket on one port. The streamer engine starts
 * it in-process; the `vigil-signal` bin runs it alone. See ../../README.md.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Registry } from 'prom-client';
import { isLoopbackHost } from '@vigil/shared/pairing';
import { KeyedTokenBuckets } from '../common/limits.ts';
import { InMemoryRouter } from '../common/router.ts';
import { CLOSE_CODES, Connection, type ConnectionContext } from './connection.ts';
import { fingerprintOfCertificate, type Fingerprint } from './fingerprint.ts';
import { Heartbeat } from './heartbeat.ts';
import { handleHttp, type ServerHealth } from './http.ts';
import { createMetrics, type PeerRole } from './metrics.ts';
import { applyConnectionLimits } from './connection-limits.ts';
import { clientAddress, trustedProxyList } from './client-address.ts';
import { ReachChecker } from './reach-check.ts';
import { resolveOptions, type SignalingServerOptions } from './options.ts';
import { loadOrCreateSelfSigned, type PemPair } from './selfSigned.ts';

/** What the engine may learn about a connection (e.g. to admit only loopback viewers). */
export interface PeerInfo {
  address: string;
  role: PeerRole;
  streamerId?: string;
}

/** A running (or startable) signalling server. */
export interface SignalingServer {
  /** Listens; resolves with the URL clients use and, with TLS, the key pin. */
  start(): Promise<{ url: string; port: number; fingerprint?: Fingerprint }>;
  /** Closes every socket, timer and the listener, then the router. */
  stop(): Promise<void>;
  /**
   * Restarts without an outage: stops accepting, asks every client to reconnect (through the
   * load balancer, to another instance) within `drainSpreadMs`, and stops once they left or after
   * `drainTimeoutMs`.
   */
  drain(): Promise<void>;
  /** ok, degraded (shared routing unreachable) or draining; also on /healthz and /metrics. */
  health(): ServerHealth;
  /** The TLS key pin once started with TLS; undefined for plain ws. */
  readonly fingerprint: Fingerprint | undefined;
  /** This instance's Prometheus registry (also served at /metrics). */
  readonly metrics: Registry;
  /** Open connections right now. */
  readonly connectionCount: number;
  /** Address, role and streamer id of a connected peer. */
  peerInfo(peerId: string): PeerInfo | undefined;
}

/** Creates a signalling server; nothing listens until start(). Throws on invalid options. */
export function createSignalingServer(options: SignalingServerOptions = {}): SignalingServer {
  const resolved = resolveOptions(options);
  const connections = new Map<string, Connection>();
  const perAddress = new Map<string, number>();
  const router = options.router ?? new InMemoryRouter();
  let state: 'new' | 'started' | 'draining' | 'stopped' = 'new';
  const health = (): ServerHealth => (state === 'draining' ? 'draining' : router.health());
  const metrics = createMetrics(() => {
    const counts: Record<PeerRole, number> = { streamer: 0, viewer: 0, unknown: 0 };
    for (const connection of connections.values()) counts[connection.role]++;
    return counts;
  }, health);
  const budgets = new KeyedTokenBuckets(resolved.perTargetMessagesPerSecond, resolved.perTargetBurst, resolved.maxTargetBudgets);
  const targetBudget = (address: string, streamerId: string): boolean => budgets.take(`${address}\0${streamerId}`);
  const trusted = resolved.trustedProxies.length > 0 ? trustedProxyList(resolved.trustedProxies) : undefined;
  const reachChecker = new ReachChecker(resolved.reachCheck);
  const ctx: ConnectionContext = { options: resolved, router, metrics, targetBudget, reachChecker };
  let http: HttpServer | undefined;
  let wss: WebSocketServer | undefined;
  const heartbeat = new Heartbeat(resolved.heartbeatIntervalMs);
  let fingerprint: Fingerprint | undefined;

  let listenerClosed: Promise<void> | undefined;
  /** Stops accepting; resolves once every connection of the listener ended (once, however often called). */
  function closeListener(): Promise<void> {
    const server = http;
    return (listenerClosed ??= server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve());
  }

  function onConnection(ws: WebSocket, address: string): void {
    const count = (perAddress.get(address) ?? 0) + 1;
    if (count > resolved.maxConnectionsPerAddress) {
      metrics.rejects.inc({ code: 'too-many-connections' });
      ws.send(JSON.stringify({ type: 'error', code: 'too-many-connections', message: `at most ${resolved.maxConnectionsPerAddress} connections per address` }));
      ws.close(CLOSE_CODES.policy, 'too many connections');
      return;
    }
    perAddress.set(address, count);
    const connection = new Connection(ws, address, ctx);
    connections.set(connection.peerId, connection);
    ws.on('close', () => {
      connections.delete(connection.peerId);
      heartbeat.remove(connection);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    heartbeat.add(connection);
    connection.start();
  }

  return {
    get fingerprint() {
      return fingerprint;
    },
    metrics: metrics.registry,
    get connectionCount() {
      return connections.size;
    },

    async start() {
      if (state !== 'new') throw new Error('a signalling server starts once; create a new one to restart');
      state = 'started';
      const { host, tls } = resolved;
      if (!tls && !isLoopbackHost(host)) {
        throw new Error(`refusing to serve plain ws:// on ${host}: outside loopback, signalling needs TLS (give tls: { cert, key } or { selfSigned: { dir } })`);
      }
      const pem: PemPair | undefined = tls && ('selfSigned' in tls ? await loadOrCreateSelfSigned(tls.selfSigned.dir, [host, ...(tls.selfSigned.hosts ?? [])]) : tls);
      fingerprint = pem && fingerprintOfCertificate(pem.cert);
      const status = { startedAt: Date.now(), health, connections: () => connections.size, registry: metrics.registry, fallback: resolved.httpHandler, publicMetrics: resolved.publicMetrics };
      const handler = handleHttp.bind(undefined, status);
      const limits = resolved.connections;
      http = pem ? createHttpsServer({ cert: pem.cert, key: pem.key, handshakeTimeout: limits.handshakeTimeoutMs }, handler) : createHttpServer(handler);
      applyConnectionLimits(http, limits);
      wss = new WebSocketServer({ server: http, maxPayload: resolved.maxFrameSize, perMessageDeflate: false, clientTracking: false });
      wss.on('connection', (ws, req) => onConnection(ws, clientAddress(req, trusted)));
      wss.on('error', () => undefined); // errors surface on the http server below
      const server = http;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(resolved.port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      heartbeat.start();
      const port = (server.address() as AddressInfo).port;
      const url = `${pem ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return fingerprint ? { url, port, fingerprint } : { url, port };
    },

    health,

    async drain() {
      if (state !== 'started') return;
      state = 'draining';
      void closeListener(); // no new connections: the balancer's next try goes to another instance
      const withinMs = Math.min(resolved.drainSpreadMs, 60_000);
      for (const connection of connections.values()) connection.askToReconnect(withinMs);
      const deadline = Date.now() + resolved.drainTimeoutMs;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await this.stop();
    },

    async stop() {
      if (state !== 'started' && state !== 'draining') return;
      state = 'stopped';
      heartbeat.stop();
      reachChecker.stop();
      const closed = [...connections.values()].map((c) => new Promise<void>((resolve) => (c.ws.readyState === c.ws.CLOSED ? resolve() : c.ws.once('close', () => resolve()))));
      for (const connection of connections.values()) connection.close(CLOSE_CODES.shutdown, 'server shutting down');
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(closed), new Promise((resolve) => (grace = setTimeout(resolve, resolved.stopGraceMs)))]);
      clearTimeout(grace);
      for (const connection of connections.values()) connection.ws.terminate();
      await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
      const listenerDone = closeListener();
      http?.closeAllConnections();
      await listenerDone;
      await router.close();
    },

    peerInfo(peerId) {
      const connection = connections.get(peerId);
      if (!connection) return undefined;
      const info: PeerInfo = { address: connection.address, role: connection.role };
      if (connection.streamerId) info.streamerId = connection.streamerId;
      return info;
    },
  };
}
