/**
 * The routing table behind an interface: which connection holds which streamer id, where a peer id
 * lives, who watches whose presence, and the budgets that must hold across instances. Every method
 * that may need another process returns a promise so that a shared implementation (RedisRouter,
 * ../node/redis-router.ts) can spread connections over several server instances; InMemoryRouter
 * serves one instance and needs nothing else.
 */
import { toBase64url } from '@vigil/shared/encoding';
import type { SignalingErrorCode } from '@vigil/shared/signaling';
import { KeyedTokenBuckets } from './limits.ts';

/** A connection as the router sees it: it can take frames and be evicted. */
export interface PeerHandle {
  /** Sends a serialized server message; false when the connection cannot take it now. */
  deliver(frame: string): boolean;
  /** Closes the connection with an error (a newer connection proved its streamer id). */
  evict(code: SignalingErrorCode, message: string): void;
}

/** Where an address leads: the connection, and its streamer id if it registered one. */
export interface RouteTarget {
  peerId: string;
  streamerId?: string;
}

/** What to do when a second connection proves a streamer id that is already held. */
export type DuplicatePolicy = 'replace' | 'reject';

/** Outcome of claimStreamer: `replaced` names the evicted connection, `holder` the winner. */
export type ClaimResult = { ok: true; replaced?: string } | { ok: false; holder: string };

/** Outcome of a delivery: `busy` means the target is not reading fast enough. */
export type DeliveryResult = 'delivered' | 'unknown' | 'busy';

/** `degraded`: the shared part is unreachable, so only this instance's own connections are routed. */
export type RouterHealth = 'ok' | 'degraded';

/** The routing table and delivery between connections (see file comment). */
export interface Router {
  /** A fresh peer id for a new connection (`~` and 12 base64url characters). */
  newPeerId(): string;
  /** Makes a connection reachable by its peer id. */
  attach(peerId: string, handle: PeerHandle): Promise<void>;
  /** Forgets a connection: releases its streamer id and drops its presence subscriptions. */
  detach(peerId: string): Promise<void>;
  /** Binds a (proven) streamer id to a connection under the duplicate policy. */
  claimStreamer(streamerId: string, peerId: string, policy: DuplicatePolicy): Promise<ClaimResult>;
  /** Unbinds a streamer id, only if `peerId` still holds it (a replaced peer must not unbind its successor). */
  releaseStreamer(streamerId: string, peerId: string): Promise<void>;
  /** Looks up a streamer id or a peer id. */
  resolve(address: string): Promise<RouteTarget | undefined>;
  /**
   * Hands a serialized message to the connection `peerId`. `sender` is the connection it comes
   * from: when the target turns out to be gone only on another instance, the refusal is sent
   * there later as an `error` frame instead of being returned.
   */
  deliver(peerId: string, frame: string, sender?: string): Promise<DeliveryResult>;
  /** Subscribes `peerId` to presence changes; resolves with the current state of each id. */
  subscribePresence(peerId: string, streamerIds: readonly string[]): Promise<{ streamerId: string; online: boolean }[]>;
  /** Takes one offer from `streamerId`'s budget of `perSecond` (counted over all instances); false when spent. */
  takeStreamerBudget(streamerId: string, perSecond: number): Promise<boolean>;
  /** Whether routing reaches every instance right now. */
  health(): RouterHealth;
  /** Releases what the router holds (connections to a shared store); the server calls it last. */
  close(): Promise<void>;
}

/** A random peer id: `~` and 9 random bytes in base64url. */
export function randomPeerId(): string {
  return `~${toBase64url(globalThis.crypto.getRandomValues(new Uint8Array(9)))}`;
}

// Fields are set to undefined rather than deleted, which keeps these objects on V8's fast path.
interface Peer {
  handle: PeerHandle;
  streamerId: string | undefined;
  subscriptions: Set<string> | undefined;
}

/**
 * Router for a single server instance: plain maps. RedisRouter keeps one as its local table and
 * uses the public helpers below it (announce, localStreamers, forget).
 */
export class InMemoryRouter implements Router {
  private readonly peers = new Map<string, Peer>();
  private readonly streamers = new Map<string, string>();
  private readonly watchers = new Map<string, Set<string>>();
  private budgets: { perSecond: number; buckets: KeyedTokenBuckets } | undefined;

  constructor(
    /** Most streamer budgets remembered (the oldest is forgotten past it). */
    private readonly maxBudgets = 10_000,
  ) {}

  newPeerId(): string {
    return randomPeerId();
  }

  async attach(peerId: string, handle: PeerHandle): Promise<void> {
    this.peers.set(peerId, { handle, streamerId: undefined, subscriptions: undefined });
  }

  async detach(peerId: string): Promise<void> {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    if (peer.streamerId) await this.releaseStreamer(peer.streamerId, peerId);
    for (const streamerId of peer.subscriptions ?? []) {
      const set = this.watchers.get(streamerId);
      set?.delete(peerId);
      if (set?.size === 0) this.watchers.delete(streamerId);
    }
    this.peers.delete(peerId);
  }

  async claimStreamer(streamerId: string, peerId: string, policy: DuplicatePolicy): Promise<ClaimResult> {
    const peer = this.peers.get(peerId);
    if (!peer) return { ok: false, holder: '' };
    const holder = this.streamers.get(streamerId);
    if (holder === peerId) return { ok: true };
    if (holder !== undefined && policy === 'reject') return { ok: false, holder };
    this.streamers.set(streamerId, peerId);
    peer.streamerId = streamerId;
    if (holder === undefined) {
      this.publishPresence(streamerId, true);
      return { ok: true };
    }
    // Presence stays "online" across a replacement: watchers see no flicker.
    const old = this.peers.get(holder);
    if (old) {
      old.streamerId = undefined;
      old.handle.evict('replaced', 'a newer connection proved this streamer id');
    }
    return { ok: true, replaced: holder };
  }

  async releaseStreamer(streamerId: string, peerId: string): Promise<void> {
    if (this.streamers.get(streamerId) !== peerId) return;
    this.streamers.delete(streamerId);
    const peer = this.peers.get(peerId);
    if (peer) peer.streamerId = undefined;
    this.publishPresence(streamerId, false);
  }

  async resolve(address: string): Promise<RouteTarget | undefined> {
    const peerId = address.startsWith('~') ? address : this.streamers.get(address);
    if (peerId === undefined) return undefined;
    const peer = this.peers.get(peerId);
    if (!peer) return undefined;
    return peer.streamerId ? { peerId, streamerId: peer.streamerId } : { peerId };
  }

  async deliver(peerId: string, frame: string): Promise<DeliveryResult> {
    return this.deliverNow(peerId, frame);
  }

  /** deliver() without the promise, for callers that are already asynchronous. */
  deliverNow(peerId: string, frame: string): DeliveryResult {
    const peer = this.peers.get(peerId);
    if (!peer) return 'unknown';
    return peer.handle.deliver(frame) ? 'delivered' : 'busy';
  }

  async subscribePresence(peerId: string, streamerIds: readonly string[]): Promise<{ streamerId: string; online: boolean }[]> {
    const peer = this.peers.get(peerId);
    if (!peer) return [];
    return streamerIds.map((streamerId) => {
      (peer.subscriptions ??= new Set()).add(streamerId);
      let set = this.watchers.get(streamerId);
      if (!set) this.watchers.set(streamerId, (set = new Set()));
      set.add(peerId);
      return { streamerId, online: this.streamers.has(streamerId) };
    });
  }

  /** A token bucket per streamer id: `perSecond` sustained, as many at once. */
  async takeStreamerBudget(streamerId: string, perSecond: number): Promise<boolean> {
    if (this.budgets?.perSecond !== perSecond) this.budgets = { perSecond, buckets: new KeyedTokenBuckets(perSecond, perSecond, this.maxBudgets) };
    return this.budgets.buckets.take(streamerId);
  }

  health(): 'ok' {
    return 'ok';
  }

  async close(): Promise<void> {}

  /** Tells this instance's watchers of `streamerId` that it came or went (elsewhere). */
  announce(streamerId: string, online: boolean): void {
    this.publishPresence(streamerId, online);
  }

  /** Streamer ids held here and their connections. */
  localStreamers(): IterableIterator<[streamerId: string, peerId: string]> {
    return this.streamers.entries();
  }

  /** Unbinds a streamer id held here without telling watchers (it moved to another instance). */
  forget(streamerId: string, peerId: string): void {
    if (this.streamers.get(streamerId) !== peerId) return;
    this.streamers.delete(streamerId);
    const peer = this.peers.get(peerId);
    if (peer) peer.streamerId = undefined;
  }

  /** The connection of a peer id attached here. */
  handle(peerId: string): PeerHandle | undefined {
    return this.peers.get(peerId)?.handle;
  }

  /** The peer id of the connection here that holds `streamerId`. */
  holderOf(streamerId: string): string | undefined {
    return this.streamers.get(streamerId);
  }

  private publishPresence(streamerId: string, online: boolean): void {
    const watchers = this.watchers.get(streamerId);
    if (!watchers) return;
    const frame = JSON.stringify({ type: 'presence', streamerId, online });
    for (const peerId of watchers) this.peers.get(peerId)?.handle.deliver(frame);
  }
}
