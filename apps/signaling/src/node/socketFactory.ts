/**
 * The client's socket in Node: `ws` behind the browser WebSocket surface, plus key pinning for
 * self-signed servers. The pin is checked on the HTTP upgrade response, before `open`, so the
 * client never sends a single message to a server that does not hold the pinned key.
 */
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { SocketFactory, WebSocketLike } from '../common/socket.ts';
import { certificateMatchesPin } from './fingerprint.ts';

export interface NodeSocketFactoryOptions {
  /**
   * SPKI SHA-256 pin of the server's TLS key: full (base64/base64url) or the pairing URI's 16-byte
   * `fp`. When set, the CA chain is not checked (self-signed) but the key must match.
   */
  fingerprint?: string;
  /** Largest frame accepted from the server. Default 1 MiB. */
  maxPayload?: number;
}

/** Socket factory for SignalingClient in Node. */
export function createNodeSocketFactory(options: NodeSocketFactoryOptions = {}): SocketFactory {
  return (url) => new NodeSocket(url, options);
}

class NodeSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  private readonly ws: WebSocket;
  private pinError: Error | undefined;
  /** host:port of the URL, to name the server in errors. */
  private readonly host: string;

  constructor(url: string, options: NodeSocketFactoryOptions) {
    const pin = options.fingerprint;
    this.host = new URL(url).host;
    this.ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: options.maxPayload ?? 1024 * 1024, ...(pin ? { rejectUnauthorized: false } : {}) });
    if (pin) this.ws.on('upgrade', (res) => this.checkPin(res.socket as TLSSocket, pin));
    this.ws.on('open', () => this.onopen?.({ type: 'open' }));
    this.ws.on('message', (data, isBinary) => this.onmessage?.({ data: isBinary ? data : data.toString() }));
    this.ws.on('error', (error) => this.onerror?.(this.pinError ?? error));
    this.ws.on('close', (code, reason) => this.onclose?.({ code, reason: this.pinError ? this.pinError.message : reason.toString() }));
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(code, reason);
  }

  private checkPin(socket: TLSSocket, pin: string): void {
    const raw = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(false)?.raw : undefined;
    if (raw && certificateMatchesPin(raw, pin)) return;
    this.pinError = new Error(raw ? `TLS key of ${this.host} does not match the pinned fingerprint ${pin}` : `no TLS certificate to check against the pinned fingerprint ${pin} (is the URL wss://?)`);
    this.ws.terminate();
  }
}
