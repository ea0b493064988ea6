/**
 * Limits on the raw connections of an HTTP(S) server, before any request is read: a process has
 * a fixed number of file descriptors (often 1,024), and idle sockets or half-open TLS handshakes
 * would otherwise hold them until the whole process fails (accepts, files, pipes). Used by the
 * signalling server and the engine's control API alike.
 */
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

/** Connection limits, each with its default. */
export interface ConnectionLimits {
  /**
   * Sockets open at once. Past it, the oldest socket that has not yet sent a request is closed to
   * make room, so a flood of idle connections cannot lock out a real client; when every socket is
   * busy, Node refuses new ones. Default 256.
   */
  maxConnections?: number;
  /** Time for a client to send its request headers (`server.headersTimeout`). Default 10 s. */
  headersTimeoutMs?: number;
  /**
   * A kept-alive connection idle this long between requests is closed (`server.keepAliveTimeout`).
   * Default 5 s. (A socket that never sends a request is closed by the headers timeout, which Node
   * checks every 30 s; a slow handler is never cut, as a socket idle timer would.)
   */
  idleTimeoutMs?: number;
  /** Time for a TLS handshake (pass to `https.createServer` as `handshakeTimeout`). Default 10 s. */
  handshakeTimeoutMs?: number;
}

/** The limits with their defaults filled in. */
export function resolveConnectionLimits(limits: ConnectionLimits = {}): Required<ConnectionLimits> {
  return {
    maxConnections: limits.maxConnections ?? 256,
    headersTimeoutMs: limits.headersTimeoutMs ?? 10_000,
    idleTimeoutMs: limits.idleTimeoutMs ?? 5_000,
    handshakeTimeoutMs: limits.handshakeTimeoutMs ?? 10_000,
  };
}

/** Applies the limits to `server` (call before listen; give https servers `handshakeTimeout` too). */
export function applyConnectionLimits(server: HttpServer, limits: ConnectionLimits = {}): void {
  const { maxConnections, headersTimeoutMs, idleTimeoutMs } = resolveConnectionLimits(limits);
  // Node drops connections past maxConnections itself; evicting idle ones one short of it keeps a
  // slot for the next real client.
  server.maxConnections = maxConnections + 1;
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = Math.max(server.requestTimeout, headersTimeoutMs);
  server.keepAliveTimeout = idleTimeoutMs;
  // Raw sockets by remote address and port (a TLS request's socket is a wrapper of the raw one).
  const waiting = new Map<string, Socket>(); // insertion order: oldest first
  const evicted = new WeakSet<Socket>(); // already uncounted: their 'close' comes later
  let open = 0;
  const key = (socket: Socket) => `${socket.remoteAddress}|${socket.remotePort}`;
  server.on('connection', (socket: Socket) => {
    const id = key(socket);
    open++;
    waiting.set(id, socket);
    socket.once('close', () => {
      if (!evicted.has(socket)) open--;
      if (waiting.get(id) === socket) waiting.delete(id);
    });
    // (No timer on this raw socket: under TLS its reads bypass it, so it would look idle while a
    // WebSocket is busy. The handshake timeout and the server's idle timeout cover it instead.)
    while (open > maxConnections) {
      const oldest = waiting.entries().next().value;
      if (!oldest || oldest[1] === socket) break;
      waiting.delete(oldest[0]);
      evicted.add(oldest[1]);
      open--; // counted gone now, so one arrival evicts one socket
      oldest[1].destroy();
    }
  });
  const served = (socket: Socket) => waiting.delete(key(socket));
  server.on('request', (req) => served(req.socket));
  server.on('upgrade', (req) => served(req.socket));
}
