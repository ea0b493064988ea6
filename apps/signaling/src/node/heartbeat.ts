/**
 * Dead-peer detection. One timer for the whole server (not one per socket, which at 10,000
 * sockets would mean 10,000 timers): each tick terminates peers that did not answer the previous
 * ping, then pings the rest. A dead peer is therefore gone within two intervals.
 */

/** What the heartbeat needs of a connection. */
export interface Beating {
  alive: boolean;
  ws: { ping(): void; terminate(): void };
}

/** Starts pinging `peers()` every `intervalMs`; returns the function that stops it. */
export function startHeartbeat(intervalMs: number, peers: () => Iterable<Beating>): () => void {
  const timer = setInterval(() => {
    for (const peer of peers()) {
      if (!peer.alive) {
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      try {
        peer.ws.ping();
      } catch {
        peer.ws.terminate(); // the socket is already broken
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
