/**
 * Every option of the signalling server, each limit with its default (see README's limits table).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuplicatePolicy, Router } from '../common/router.ts';
import { resolveConnectionLimits, type ConnectionLimits } from './connection-limits.ts';
import { DEFAULT_REACH_CHECK, type ReachCheckOptions } from './reach-check.ts';

/** TLS material: PEM text, or a self-signed store created on first run. */
export type TlsOption = { cert: string; key: string } | { selfSigned: { dir: string; hosts?: string[] } };

export interface SignalingServerOptions {
  /** Interface to listen on. Default 127.0.0.1. Anything but loopback requires `tls`. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** wss when set; plain ws (loopback only) otherwise. */
  tls?: TlsOption;
  /** Largest frame answered normally (bytes). Larger ones get `too-large`. Default 64 KiB. */
  maxPayload?: number;
  /** Frames above this are not even buffered: ws closes the socket (1009). Default 2 × maxPayload. */
  maxFrameSize?: number;
  /** Sustained messages per second per connection (token bucket). Default 50. */
  messagesPerSecond?: number;
  /** Bucket size: messages a connection may send at once. Default 100. */
  burst?: number;
  /**
   * Sustained messages per second of a registered streamer's connection. Default 500: a streamer
   * answers for all its viewers at once, so viewer-sized limits let anyone who floods its id with
   * requests make its own replies trip the limit and get it disconnected.
   */
  streamerMessagesPerSecond?: number;
  /** Bucket size of a registered streamer's connection. Default 1000. */
  streamerBurst?: number;
  /**
   * Sustained messages per second that one remote address may relay to one streamer id, over all
   * its connections. Default 50: a household behind one NAT address, several viewers each
   * opening a 9-tile grid (an offer and a few candidates per tile), stays within it and its burst.
   */
  perTargetMessagesPerSecond?: number;
  /** Messages one address may send to one streamer id at once. Default 300. */
  perTargetBurst?: number;
  /**
   * Offers and pair requests per second to one streamer id from everybody, counted over all
   * instances (in Redis when routing is shared). Default 50 (as many at once): each offer makes the
   * streamer start a media session; a household's viewers opening 9-tile grids together stay below it.
   */
  streamerOffersPerSecond?: number;
  /** (address, streamer) pairs whose budget is remembered; the oldest is forgotten past it. Default 10,000. */
  maxTargetBudgets?: number;
  /** Concurrent connections per remote address. Default 32. */
  maxConnectionsPerAddress?: number;
  /** Ping period; a peer that has not answered the previous ping is terminated. Default 30 s. */
  heartbeatIntervalMs?: number;
  /** Time from `challenge` to a valid `register-proof`. Default 10 s. */
  registrationTimeoutMs?: number;
  /** Rejected messages within `abuseWindowMs` that close the connection (1008). Default 20. */
  abuseLimit?: number;
  /** Window of `abuseLimit`. Default 10 s. */
  abuseWindowMs?: number;
  /** Presence subscriptions per connection. Default 256. */
  maxPresenceSubscriptions?: number;
  /** Bytes queued towards a slow receiver past which relays to it are refused. Default 1 MiB. */
  maxBufferedBytes?: number;
  /**
   * A second connection proving an already registered streamer id. Default 'replace': the newer
   * one wins and the old gets `replaced`, because a half-dead old socket (laptop sleep, NAT
   * timeout) would otherwise lock the streamer out until the heartbeat notices it.
   */
  duplicateRegistration?: DuplicatePolicy;
  /** How long stop() waits for peers to acknowledge the close before cutting them. Default 1 s. */
  stopGraceMs?: number;
  /**
   * drain(): clients are asked to reconnect at a random moment within this (spreading them over
   * the other instances). Default 2 s.
   */
  drainSpreadMs?: number;
  /** drain(): the most it waits for clients to leave before closing the rest. Default 15 s. */
  drainTimeoutMs?: number;
  /** Routing table; default a fresh InMemoryRouter (one instance); RedisRouter shares it. stop() closes it. */
  router?: Router;
  /**
   * Serves HTTP requests other than /healthz and /metrics (the streamer serves the viewer UI here,
   * so the page and its signalling share one origin and one certificate). Default: 404.
   */
  httpHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Raw-connection limits (connection-limits.ts): sockets at once, default 16,384 for a relay (each
   * household holds a streamer and a few viewers; 10,000 sockets take ~170 MB, bench/RESULTS.md),
   * so raise the process's descriptor limit (`ulimit -n`) above it; idle ones are evicted first.
   * The streamer's embedded server sets 256. Headers 10 s; keep-alive idle 5 s; TLS handshake
   * 10 s (Node's own default is 120 s).
   */
  connections?: ConnectionLimits;
  /**
   * Serve `GET /metrics` to every address. Default false: only to this machine (a Prometheus on the
   * same host, or behind a local proxy), since live figures tell anyone when somebody is watching.
   */
  publicMetrics?: boolean;
  /**
   * Reverse proxies (addresses or CIDR ranges, e.g. `127.0.0.1`, `10.0.0.0/8`) whose
   * X-Forwarded-For names the client. Default none: the header is ignored and the socket's peer
   * is the client. Behind a proxy, list it: otherwise every client shares the proxy's address
   * (one `maxConnectionsPerAddress` budget for everybody) and reach checks are refused.
   */
  trustedProxies?: string[];
  /** Limits of reach checks ("test from outside"); defaults in reach-check.ts. */
  reachCheck?: ReachCheckOptions;
}

export type ResolvedOptions = Required<Omit<SignalingServerOptions, 'tls' | 'router' | 'httpHandler' | 'connections' | 'publicMetrics' | 'reachCheck'>> &
  Pick<SignalingServerOptions, 'tls' | 'httpHandler'> & { connections: Required<ConnectionLimits>; publicMetrics: boolean; reachCheck: Required<ReachCheckOptions> };

/** Fills in defaults and checks ranges; throws on an impossible value. */
export function resolveOptions(options: SignalingServerOptions): ResolvedOptions {
  const maxPayload = options.maxPayload ?? 64 * 1024;
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: options.tls,
    httpHandler: options.httpHandler,
    maxPayload,
    maxFrameSize: options.maxFrameSize ?? 2 * maxPayload,
    messagesPerSecond: options.messagesPerSecond ?? 50,
    burst: options.burst ?? 100,
    streamerMessagesPerSecond: options.streamerMessagesPerSecond ?? 500,
    streamerBurst: options.streamerBurst ?? 1000,
    perTargetMessagesPerSecond: options.perTargetMessagesPerSecond ?? 50,
    perTargetBurst: options.perTargetBurst ?? 300,
    maxTargetBudgets: options.maxTargetBudgets ?? 10_000,
    streamerOffersPerSecond: options.streamerOffersPerSecond ?? 50,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? 32,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    registrationTimeoutMs: options.registrationTimeoutMs ?? 10_000,
    abuseLimit: options.abuseLimit ?? 20,
    abuseWindowMs: options.abuseWindowMs ?? 10_000,
    maxPresenceSubscriptions: options.maxPresenceSubscriptions ?? 256,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    duplicateRegistration: options.duplicateRegistration ?? 'replace',
    stopGraceMs: options.stopGraceMs ?? 1000,
    drainSpreadMs: options.drainSpreadMs ?? 2000,
    drainTimeoutMs: options.drainTimeoutMs ?? 15_000,
    connections: resolveConnectionLimits({ maxConnections: 16_384, ...options.connections }),
    publicMetrics: options.publicMetrics ?? false,
    trustedProxies: options.trustedProxies ?? [],
    reachCheck: { ...DEFAULT_REACH_CHECK, ...options.reachCheck },
  };
  for (const [name, value] of [...Object.entries(resolved), ...Object.entries(resolved.reachCheck).map(([k, v]) => [`reachCheck.${k}`, v] as const)]) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) throw new Error(`signalling option ${name} must be a number ≥ 0, got ${value}`);
  }
  if (!(resolved.reachCheck.perSecond > 0)) throw new Error('reachCheck.perSecond must be > 0');
  if (resolved.maxFrameSize < resolved.maxPayload) throw new Error('maxFrameSize must be ≥ maxPayload');
  return resolved;
}
