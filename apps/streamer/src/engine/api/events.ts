/**
 * /api/events: a WebSocket that streams EngineEvents to the streamer UI. Browsers cannot set an
 * Authorization header on a WebSocket, so the token may come as a subprotocol instead.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type EngineEvent } from '@vigil/shared/api';
import { tokenMatches } from '../config/token.ts';
import { hostAllowed, originAllowed } from './host-guard.ts';

interface Options {
  token: string;
  target: { onEvent(listener: (event: EngineEvent) => void): () => void };
  /** Bytes queued to one slow client before it is dropped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** The API's own `host:port` names (see host-guard.ts). */
  hosts: () => ReadonlySet<string>;
  /** Origins of UIs served elsewhere (Electron's app://vigil) that may open the socket. */
  uiOrigins: readonly string[];
}

/** Serves /api/events on `server`'s upgrade requests; returns a handle that closes every socket. */
export function attachEventSocket(server: Server, options: Options) {
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024,
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const clients = new Set<WebSocket>();
  const unsubscribe = options.target.onEvent((event) => {
    const text = JSON.stringify(event);
    for (const ws of clients) {
      if (ws.bufferedAmount > maxBuffered) ws.terminate();
      else ws.send(text);
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener: a client that resets it (after our
    // 401, say) would otherwise throw an uncaught ECONNRESET and take the engine down.
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // WebSockets are not bound by CORS: a page of any site could open one with a stolen token.
    if (!hostAllowed(req, options.hosts()) || !originAllowed(req, options.hosts(), options.uiOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (path !== '/api/events' || !authorised(req, options.token)) {
      socket.end(`HTTP/1.1 ${path === '/api/events' ? '401 Unauthorized' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
    });
  });

  return {
    close(): void {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
    },
  };
}

function authorised(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ') && tokenMatches(header.slice(7).trim(), token)) return true;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const presented = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  return tokenMatches(presented, token);
}
