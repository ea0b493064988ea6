/**
 * /api/events as a stream that reconnects by itself. The token travels as a WebSocket subprotocol
 * (browsers cannot set headers on a WebSocket). After a reconnect the caller reloads what it
 * shows, since events sent while the socket was down are gone.
 */
import { EngineEvent, EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '@vigil/shared/api';
import { backoffDelay, type Backoff } from '@vigil/shared/backoff';
import type { Connection } from './connection.ts';

export interface EventStreamOptions {
  onEvent(event: EngineEvent): void;
  /** true once the socket is open (again), false when it drops. */
  onStatus(open: boolean): void;
  /** First reconnect delay; doubles up to maxRetryMs. Default 1 s. */
  retryMs?: number;
  /** Longest reconnect delay. Default 10 s. */
  maxRetryMs?: number;
}

/** Opens the event stream; the returned function closes it for good. */
export function openEventStream(connection: Connection, options: EventStreamOptions): () => void {
  // One UI alone on its engine: nothing to desynchronise, so no jitter.
  const backoff: Backoff = { initialMs: options.retryMs ?? 1000, maxMs: options.maxRetryMs ?? 10_000, jitter: { kind: 'none' } };
  let attempt = 0;
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = () => {
    const url = connection.apiUrl.replace(/^http/, 'ws') + '/api/events';
    const ws = new WebSocket(url, [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + connection.token]);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      options.onStatus(true);
    };
    ws.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const event = EngineEvent.safeParse(data);
      if (event.success) options.onEvent(event.data);
    };
    ws.onclose = () => {
      if (closed) return;
      options.onStatus(false);
      timer = setTimeout(connect, backoffDelay(attempt++, backoff));
    };
  };
  connect();

  return () => {
    closed = true;
    clearTimeout(timer);
    socket?.close();
  };
}
