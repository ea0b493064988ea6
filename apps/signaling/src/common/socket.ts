/**
 * The part of the browser's WebSocket that the client uses, so `new WebSocket(url)` fits as is and
 * Node plugs in `ws` through an adapter (node/socketFactory.ts).
 */

// Handlers are declared with method syntax so their parameters are checked bivariantly: the DOM's
// `(ev: MessageEvent) => any` must be assignable to them.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The minimal WebSocket surface (readyState values follow the WHATWG constants). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

/** Opens a socket to `url`; the browser's is `(url) => new WebSocket(url)`. */
export type SocketFactory = (url: string) => WebSocketLike;

/** WebSocket.OPEN. */
export const OPEN = 1;
