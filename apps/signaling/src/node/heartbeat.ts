/**
 * Dead-peer detection, spread over time. Each peer is pinged once per interval at its own phase
 * (its first beat falls at a random point in the second half of its first interval), so 10,000
 * peers that connected in the same second do not get 10,000 pings in one event-loop turn: that
 * burst alone held relays up for ~200 ms in the benchmark. Peers sit in buckets by due tick (a
 * timing wheel), so a tick touches only the peers that are due. A peer that has not answered its
 * previous ping when its next beat comes is terminated: a silent peer is gone within two
 * intervals of its last pong.
 */

/**
 * What the heartbeat needs of a connection; `beatTick` is the heartbeat's own bookkeeping. It is
 * set to undefined, never deleted: `delete` turns the object into a slow dictionary, which at
 * 10,000 connections cost the server CPU on every message and made scavenges grow to 5-15 ms.
 */
export interface Beating {
  alive: boolean;
  beatTick: number | undefined;
  ws: { ping(): void; terminate(): void };
}

/** How often the heartbeat looks for due peers: 1/20 of the interval, within 5-100 ms. */
export function heartbeatTickMs(intervalMs: number): number {
  return Math.min(100, Math.max(5, intervalMs / 20));
}

/** Pings registered peers once per interval each; terminates those that stopped answering. */
export class Heartbeat {
  private readonly tickMs: number;
  private readonly buckets = new Map<number, Set<Beating>>();
  private lastTick: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.tickMs = heartbeatTickMs(intervalMs);
    this.lastTick = Math.floor(now() / this.tickMs);
  }

  /** Starts the tick timer (unref'd: the heartbeat alone keeps no process alive). */
  start(): void {
    this.timer ??= setInterval(() => this.tick(this.now()), this.tickMs);
    this.timer.unref();
  }

  /** Stops the timer and forgets every peer. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.buckets.clear();
  }

  /** Schedules a new peer's first beat at a random point in the second half of its first interval. */
  add(peer: Beating): void {
    this.schedule(peer, this.now() + this.intervalMs * (0.5 + this.random() / 2));
  }

  /** Forgets a peer (it closed). */
  remove(peer: Beating): void {
    if (peer.beatTick !== undefined) this.buckets.get(peer.beatTick)?.delete(peer);
    peer.beatTick = undefined;
  }

  /** Visits every peer due up to `now` (exported for tests; the timer calls it). */
  tick(now: number): void {
    const current = Math.floor(now / this.tickMs);
    for (let t = this.lastTick + 1; t <= current; t++) {
      const due = this.buckets.get(t);
      if (!due) continue;
      this.buckets.delete(t);
      for (const peer of due) this.visit(peer, now);
    }
    this.lastTick = Math.max(this.lastTick, current);
  }

  private visit(peer: Beating, now: number): void {
    peer.beatTick = undefined;
    if (!peer.alive) {
      peer.ws.terminate();
      return;
    }
    peer.alive = false;
    this.schedule(peer, now + this.intervalMs);
    try {
      peer.ws.ping();
    } catch {
      peer.ws.terminate(); // the socket is already broken
    }
  }

  private schedule(peer: Beating, at: number): void {
    const tick = Math.max(this.lastTick + 1, Math.ceil(at / this.tickMs));
    let bucket = this.buckets.get(tick);
    if (!bucket) this.buckets.set(tick, (bucket = new Set()));
    bucket.add(peer);
    peer.beatTick = tick;
  }
}
