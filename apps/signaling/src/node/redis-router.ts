/**
 * Routing shared by several `vigil-signal` instances through Redis (`vigil-signal --redis <url>`).
 * Each instance keeps its own connections in an InMemoryRouter and uses Redis for what crosses
 * instances: which connection holds a streamer id (a key with a TTL the owner refreshes), frames
 * for another instance's connections, presence changes, and offer budgets per streamer.
 *
 * Why pub/sub and not streams: a signalling frame is worth something only to a connection that is
 * live now; if its instance is gone, the client reconnects and renegotiates anyway. Pub/sub
 * delivers at once with nothing to store, trim or acknowledge, and PUBLISH answers how many
 * instances heard it. Streams would keep frames nobody will read and add a consumer round trip.
 *
 * Peer ids carry their instance (`~` + 6 characters of instance id + 6 of connection id), so a
 * frame to a viewer is one PUBLISH on that instance's channel with no lookup. A frame to a
 * streamer id costs a GET (the presence key) and a PUBLISH; an offer one more script (budget).
 *
 * Redis unreachable: every call falls back to the local table (`health()` is `degraded`), frames
 * for other instances are refused as unknown peers. When Redis is back, each instance writes its
 * streamers' presence again (the refresh's `assert` script: the newer proof of an id wins, the
 * older connection is evicted, so no id ends up held twice).
 */
import { Redis } from 'ioredis';
import { toBase64url } from '@vigil/shared/encoding';
import { InMemoryRouter, type ClaimResult, type DeliveryResult, type DuplicatePolicy, type PeerHandle, type RouteTarget, type Router, type RouterHealth } from '../common/router.ts';
import { budgetKey, defineRouterCommands, instanceChannel, PRESENCE_CHANNEL, STREAMER_KEY_PREFIX, streamerKey, type RouterCommands } from './redis-scripts.ts';

/** Options of RedisRouter; each with its default. */
export interface RedisRouterOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Lifetime of a streamer's presence key; the owner refreshes it every third of it. Default 15 s. */
  presenceTtlMs?: number;
  /** A Redis command not answered within this counts as Redis being unreachable. Default 1 s. */
  commandTimeoutMs?: number;
  /** Called when health changes (logs). */
  onHealth?: (health: RouterHealth) => void;
}

const ID_CHARS = 6; // base64url characters: 36 bits each for instance and connection
const INSTANCE_CACHE_MS = 5000;

/** Router over Redis pub/sub and keys (see file comment). */
export class RedisRouter implements Router {
  /** This instance's id, the first characters of each of its peer ids. */
  readonly instanceId = randomChars(ID_CHARS);
  private readonly local = new InMemoryRouter();
  private readonly redis: Redis & RouterCommands;
  private readonly sub: Redis;
  private readonly ttlMs: number;
  /** Redis's stamp of each claim held here, for the refresh. */
  private readonly stamps = new Map<string, string>();
  private readonly refreshTimer: ReturnType<typeof setInterval>;
  private current: RouterHealth = 'degraded';
  /** Redis's clock minus this instance's, from the last claim (stamps of degraded claims). */
  private redisClockOffset = 0;
  /** Instances seen listening, until when (instanceLive). */
  private readonly liveInstances = new Map<string, number>();

  constructor(private readonly options: RedisRouterOptions) {
    this.ttlMs = options.presenceTtlMs ?? 15_000;
    const common = { lazyConnect: false, commandTimeout: options.commandTimeoutMs ?? 1000, retryStrategy: (times: number) => Math.min(times * 100, 1000) };
    // Commands fail at once while Redis is away (the caller falls back to local routing) rather
    // than queueing behind a reconnection.
    this.redis = defineRouterCommands(new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 }));
    this.sub = new Redis(options.url, { ...common, autoResubscribe: true });
    for (const connection of [this.redis, this.sub]) {
      connection.on('error', () => undefined); // reported through health()
      connection.on('ready', () => this.onConnectionChange());
      connection.on('close', () => this.onConnectionChange());
    }
    const expired = `__keyevent@${this.redis.options.db ?? 0}__:expired`;
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === PRESENCE_CHANNEL) this.onPresence(message);
      else if (channel === expired) this.onExpired(message);
      else this.onInstanceMessage(message);
    });
    void this.sub.subscribe(instanceChannel(this.instanceId), PRESENCE_CHANNEL, expired).catch(() => undefined);
    this.refreshTimer = setInterval(() => void this.refresh(), this.ttlMs / 3);
    this.refreshTimer.unref();
  }

  /** Resolves once both connections are ready, or rejects after `timeoutMs`. */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.current !== 'ok') {
      if (Date.now() > deadline) throw new Error(`Redis at ${redactedUrl(this.options.url)} not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  newPeerId(): string {
    for (;;) {
      const peerId = `~${this.instanceId}${randomChars(ID_CHARS)}`;
      if (!this.local.handle(peerId)) return peerId;
    }
  }

  health(): RouterHealth {
    return this.current;
  }

  attach(peerId: string, handle: PeerHandle): Promise<void> {
    return this.local.attach(peerId, handle);
  }

  async detach(peerId: string): Promise<void> {
    const streamerId = (await this.local.resolve(peerId))?.streamerId;
    if (streamerId) {
      this.stamps.delete(streamerId);
      const released = await this.shared(() => this.redis.vigilRelease(streamerKey(streamerId), peerId), 1);
      // Another instance holds it now (a replacement whose eviction message was lost): its
      // watchers must not hear "offline".
      if (released === 0) this.local.forget(streamerId, peerId);
      else this.publishPresence(streamerId, false);
    }
    await this.local.detach(peerId);
  }

  async claimStreamer(streamerId: string, peerId: string, policy: DuplicatePolicy): Promise<ClaimResult> {
    const claimed = await this.shared(() => this.redis.vigilClaim(streamerKey(streamerId), peerId, policy, this.ttlMs), undefined);
    if (!claimed) {
      // Degraded: local rules only; the refresh writes the claim once Redis is back, stamped on
      // Redis's clock as this instance last saw it, so it compares with the other instances' stamps.
      this.stamps.set(streamerId, String(Date.now() + this.redisClockOffset));
      return this.local.claimStreamer(streamerId, peerId, policy);
    }
    const [ok, previous, stamp] = claimed;
    const holder = previous.split(' ')[0] ?? '';
    if (ok === 0) return { ok: false, holder };
    this.stamps.set(streamerId, stamp!);
    this.redisClockOffset = Number(stamp) - Date.now();
    if (!previous) this.publishPresence(streamerId, true);
    else if (holder !== peerId && !this.isLocal(holder)) this.evictRemote(holder, streamerId);
    const result = await this.local.claimStreamer(streamerId, peerId, 'replace');
    return previous && holder !== peerId ? { ok: true, replaced: holder } : result;
  }

  async releaseStreamer(streamerId: string, peerId: string): Promise<void> {
    if (this.local.holderOf(streamerId) !== peerId) return;
    this.stamps.delete(streamerId);
    await this.shared(() => this.redis.vigilRelease(streamerKey(streamerId), peerId), 0);
    await this.local.releaseStreamer(streamerId, peerId);
  }

  async resolve(address: string): Promise<RouteTarget | undefined> {
    if (address.startsWith('~')) {
      if (this.isLocal(address)) return this.local.resolve(address);
      return (await this.instanceLive(instanceOf(address))) ? { peerId: address } : undefined;
    }
    if (this.local.holderOf(address)) return this.local.resolve(address);
    const value = await this.shared(() => this.redis.get(streamerKey(address)), null);
    const peerId = value?.split(' ')[0];
    // A key naming a connection of this instance that is not here any more is stale.
    if (!peerId || this.isLocal(peerId)) return undefined;
    return { peerId, streamerId: address };
  }

  /**
   * Whether an instance listens on its channel, remembered for INSTANCE_CACHE_MS: a peer id of an
   * instance that is gone is unknown at once, at one PUBSUB NUMSUB per instance every few seconds.
   */
  private async instanceLive(instanceId: string): Promise<boolean> {
    const now = Date.now();
    if ((this.liveInstances.get(instanceId) ?? 0) > now) return true;
    const reply = await this.shared(() => this.redis.pubsub('NUMSUB', instanceChannel(instanceId)) as Promise<[string, number]>, ['', 0] as [string, number]);
    if (Number(reply[1]) === 0) return false;
    this.liveInstances.set(instanceId, now + INSTANCE_CACHE_MS);
    if (this.liveInstances.size > 1024) this.liveInstances.delete(this.liveInstances.keys().next().value!);
    return true;
  }

  async deliver(peerId: string, frame: string, sender?: string): Promise<DeliveryResult> {
    if (this.isLocal(peerId)) return this.local.deliverNow(peerId, frame);
    const heard = await this.shared(() => this.redis.publish(instanceChannel(instanceOf(peerId)), `m ${peerId} ${sender ?? '-'} ${frame}`), 0);
    return heard > 0 ? 'delivered' : 'unknown';
  }

  async subscribePresence(peerId: string, streamerIds: readonly string[]): Promise<{ streamerId: string; online: boolean }[]> {
    const states = await this.local.subscribePresence(peerId, streamerIds);
    const unknown = states.filter((s) => !s.online);
    if (unknown.length === 0) return states;
    const values = await this.shared(() => this.redis.mget(...unknown.map((s) => streamerKey(s.streamerId))), []);
    unknown.forEach((state, i) => (state.online = values[i] != null));
    return states;
  }

  async takeStreamerBudget(streamerId: string, perSecond: number): Promise<boolean> {
    const within = await this.shared(() => this.redis.vigilBudget(budgetKey(streamerId, Math.floor(Date.now() / 1000)), perSecond), undefined);
    return within === undefined ? this.local.takeStreamerBudget(streamerId, perSecond) : within === 1;
  }

  /** Closes both connections; resolves once their sockets are gone (no reconnection follows). */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    const ended = [this.redis, this.sub].map((c) => (c.status === 'end' ? Promise.resolve() : new Promise<void>((resolve) => c.once('end', () => resolve()))));
    this.sub.disconnect();
    this.redis.disconnect();
    await Promise.all(ended);
  }

  /**
   * Renews the presence of every streamer held here (and after an outage writes it again). Where
   * two instances hold one id, the newer proof wins and the other connection is evicted.
   */
  async refresh(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    const held = [...this.local.localStreamers()].filter(([id]) => this.stamps.has(id));
    const pipeline = this.redis.pipeline();
    for (const [id, peerId] of held) (pipeline as unknown as RouterCommands).vigilAssert(streamerKey(id), peerId, this.stamps.get(id)!, this.ttlMs);
    const results = await pipeline.exec().catch(() => null);
    if (!results) return;
    held.forEach(([streamerId, peerId], i) => {
      const [error, reply] = results[i] ?? [];
      if (error || !Array.isArray(reply)) return;
      const [outcome, other] = reply as [string, string];
      const otherPeer = other.split(' ')[0] ?? '';
      if (outcome === 'set') this.publishPresence(streamerId, true);
      else if (outcome === 'took' && otherPeer && !this.isLocal(otherPeer)) this.evictRemote(otherPeer, streamerId);
      else if (outcome === 'lost') this.evictLocal(peerId, streamerId);
    });
  }

  /** Runs a Redis call; on any failure answers `fallback` (the caller routes locally). */
  private async shared<T, F>(call: () => Promise<T>, fallback: F): Promise<T | F> {
    if (this.current !== 'ok') return fallback;
    try {
      return await call();
    } catch {
      return fallback;
    }
  }

  private onConnectionChange(): void {
    const health: RouterHealth = this.redis.status === 'ready' && this.sub.status === 'ready' ? 'ok' : 'degraded';
    if (health === this.current) return;
    this.current = health;
    this.options.onHealth?.(health);
    if (health === 'ok') {
      void this.refresh(); // rebuild what an outage or a Redis restart lost
      void this.enableExpiryEvents();
    }
  }

  /**
   * A streamer whose instance died (kill -9, a crashed host) is announced offline by nobody; its
   * key's expiry is. Keyspace events are off by default: this adds `E` and `x` to whatever flags
   * the server has (a managed Redis that refuses CONFIG needs them set there; without them such
   * streamers stay "online" for their watchers until they register again or the watchers reconnect).
   */
  private async enableExpiryEvents(): Promise<void> {
    const reply = await this.shared(() => this.redis.config('GET', 'notify-keyspace-events') as Promise<string[]>, undefined);
    const flags = reply?.[1];
    if (flags === undefined) return;
    const wanted = [...new Set([...flags, 'E', 'x'])].join('');
    if (!(flags.includes('E') && (flags.includes('x') || flags.includes('A')))) await this.shared(() => this.redis.config('SET', 'notify-keyspace-events', wanted), undefined);
  }

  /** A presence key expired: unless a connection here holds that id, its watchers here hear "offline". */
  private onExpired(key: string): void {
    if (!key.startsWith(STREAMER_KEY_PREFIX)) return;
    const streamerId = key.slice(STREAMER_KEY_PREFIX.length);
    if (!this.local.holderOf(streamerId)) this.local.announce(streamerId, false);
  }

  /** `m <to> <sender|-> <frame>` (a frame), `r <to> <code> <target>` (a refusal), `x <peer> <streamerId>` (an eviction). */
  private onInstanceMessage(message: string): void {
    const kind = message[0];
    const toEnd = message.indexOf(' ', 2);
    const to = message.slice(2, toEnd);
    const argEnd = message.indexOf(' ', toEnd + 1);
    const arg = message.slice(toEnd + 1, argEnd < 0 ? undefined : argEnd);
    const rest = argEnd < 0 ? '' : message.slice(argEnd + 1);
    if (kind === 'm') {
      const result = this.local.deliverNow(to, rest);
      if (result !== 'delivered' && arg !== '-' && !this.isLocal(arg)) {
        void this.shared(() => this.redis.publish(instanceChannel(instanceOf(arg)), `r ${arg} ${result} ${to}`), 0);
      }
    } else if (kind === 'r') {
      const error = arg === 'busy' ? { code: 'rate-limited', message: `${rest} is not reading fast enough; message dropped` } : { code: 'unknown-peer', message: `${rest} is not connected` };
      this.local.deliverNow(to, JSON.stringify({ type: 'error', ...error }));
    } else if (kind === 'x') {
      this.evictLocal(to, arg);
    }
  }

  private onPresence(message: string): void {
    const [instance, streamerId, online] = message.split(' ');
    if (instance === this.instanceId || !streamerId) return;
    if (online === '0' && this.local.holderOf(streamerId)) return; // a stale "offline" of a connection replaced here
    this.local.announce(streamerId, online === '1');
  }

  private publishPresence(streamerId: string, online: boolean): void {
    void this.shared(() => this.redis.publish(PRESENCE_CHANNEL, `${this.instanceId} ${streamerId} ${online ? 1 : 0}`), 0);
  }

  private evictRemote(peerId: string, streamerId: string): void {
    void this.shared(() => this.redis.publish(instanceChannel(instanceOf(peerId)), `x ${peerId} ${streamerId}`), 0);
  }

  /** A newer connection elsewhere proved `streamerId`: the local one goes, watchers hear nothing. */
  private evictLocal(peerId: string, streamerId: string): void {
    if (this.local.holderOf(streamerId) !== peerId) return;
    this.local.forget(streamerId, peerId);
    this.stamps.delete(streamerId);
    this.local.handle(peerId)?.evict('replaced', 'a newer connection proved this streamer id');
  }

  private isLocal(peerId: string): boolean {
    return instanceOf(peerId) === this.instanceId;
  }
}

/** The instance id inside a peer id. */
function instanceOf(peerId: string): string {
  return peerId.slice(1, 1 + ID_CHARS);
}

function randomChars(count: number): string {
  return toBase64url(globalThis.crypto.getRandomValues(new Uint8Array((count * 3) / 4)));
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis (unparseable URL)';
  }
}
