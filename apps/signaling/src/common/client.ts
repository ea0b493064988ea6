/**
 * Reconnecting signalling client for the streamer engine (Node) and the viewer UI (browser).
 * State sequence and queueing rules: ../../README.md#client.
 */
import {
  FIELD_LIMITS,
  parseServerMessage,
  registrationChallengeText,
  type ReachResultMessage,
  type RelayMessage,
  type ServerMessage,
} from '@vigil/shared/signaling';
import { backoffDelay, type Backoff } from '@vigil/shared/backoff';
import { Emitter } from './emitter.ts';
import { OPEN, type SocketFactory, type WebSocketLike } from './socket.ts';

/** connecting → open (welcome received) → registered (streamers only) → closed → connecting … */
export type ClientState = 'connecting' | 'open' | 'registered' | 'closed';

/** A streamer's key: the client signs the server's challenge with it at every (re)connection. */
export interface StreamerIdentity {
  streamerId: string;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  /** Signs `text` (UTF-8); resolves with the base64url signature. */
  sign(text: string): Promise<string>;
}

/** Problems the client reports without throwing. */
export interface ClientError {
  kind: 'socket' | 'invalid-frame' | 'dropped' | 'registration' | 'replaced';
  message: string;
  /** For `dropped`: the queued message that was discarded. */
  dropped?: RelayMessage;
}

export interface ClientEvents {
  state: ClientState;
  message: ServerMessage;
  error: ClientError;
}

/** Reconnection delays, in the client's option names; mapped onto @vigil/shared/backoff. */
export interface BackoffOptions {
  /** First delay after a lost connection. Default 250 ms. */
  initialMs: number;
  /** Cap of the exponential growth. Default 10 s. */
  maxMs: number;
  /** Share of the delay that is random: 1 = "full jitter" (0..delay), 0 = none. Default 1. */
  jitter: number;
}

/** Defaults of BackoffOptions (see each field). */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, jitter: 1 };

/** The Backoff that `options` describe: doubling, `jitter` as the share of full jitter. */
export function reconnectBackoff(options: BackoffOptions): Backoff {
  return { initialMs: options.initialMs, maxMs: options.maxMs, jitter: { kind: 'full', amount: options.jitter } };
}

export interface SignalingClientOptions {
  url: string;
  role: 'streamer' | 'viewer';
  /** Required for role 'streamer'. */
  identity?: StreamerIdentity;
  /** Opens a socket; in a browser `(url) => new WebSocket(url)`. */
  createSocket: SocketFactory;
  /** Reconnection delays; defaults: 250 ms doubling to 10 s, full jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Relay messages kept while not ready; past it the oldest is dropped. Default 256. */
  maxQueue?: number;
  /** Random source for jitter (tests). Default Math.random. */
  random?: () => number;
}

/** Default of SignalingClientOptions.maxQueue. */
export const DEFAULT_MAX_QUEUE = 256;

/** What a reach check found (the server's `reach-result` without its envelope). */
export type ReachResult = Omit<ReachResultMessage, 'type' | 'id'>;

/** Default wait of reachCheck(): the server's own probe gives up after 5 s. */
export const DEFAULT_REACH_CHECK_TIMEOUT_MS = 15_000;

/** Signalling client that reconnects, re-registers and re-subscribes by itself. */
export class SignalingClient extends Emitter<ClientEvents> {
  private readonly backoff: Backoff;
  private readonly maxQueue: number;
  private socket: WebSocketLike | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private ready = false;
  private attempt = 0;
  private current: ClientState = 'closed';
  private readonly queue: RelayMessage[] = [];
  private readonly presence = new Set<string>();
  private readonly reachChecks = new Map<string, { resolve(result: ReachResult): void; reject(error: Error): void }>();
  private reachCheckCount = 0;
  /** The peer id of the current connection, from `welcome`. */
  peerId: string | undefined;

  constructor(private readonly options: SignalingClientOptions) {
    super();
    if (options.role === 'streamer' && !options.identity) throw new Error('a streamer client needs an identity');
    this.backoff = reconnectBackoff({ ...DEFAULT_BACKOFF, ...options.backoff });
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  }

  /** The current connection state. */
  get state(): ClientState {
    return this.current;
  }

  /** Connects, and keeps reconnecting until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /**
   * Drops the connection and dials again at once, keeping queued messages. For when the network
   * changed under an open connection (Wi-Fi to tethering): a socket bound to an address that is
   * gone can look open for minutes before TCP gives up.
   */
  reconnect(): void {
    if (!this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.attempt = 0;
    if (this.socket) this.dropSocket(4000, 'reconnecting');
    else this.scheduleReconnect();
  }

  /** Closes the connection, cancels reconnection and discards queued messages. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.dropSocket(1000, 'client stopped');
    this.setState('closed');
  }

  /**
   * Sends a relay message now if the connection is ready, otherwise queues it. When the queue is
   * full the OLDEST message is dropped (reported as an `error` of kind `dropped`): signalling
   * state moves forward, so a fresh candidate or bye matters more than a stale offer.
   */
  send(message: RelayMessage): void {
    if (this.ready && this.socket?.readyState === OPEN) {
      this.socket.send(JSON.stringify(message));
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      const dropped = this.queue.shift();
      this.emit('error', { kind: 'dropped', message: `send queue full (${this.maxQueue}): dropped the oldest message`, dropped });
    }
    this.queue.push(message);
  }

  /** Watches streamers' presence; the subscription survives reconnections. */
  subscribePresence(streamerIds: readonly string[]): void {
    const fresh = streamerIds.filter((id) => !this.presence.has(id));
    for (const id of fresh) this.presence.add(id);
    if (this.ready && fresh.length > 0) this.sendPresence(fresh);
  }

  /**
   * Asks the server to dial this streamer back on `port` at the address the server sees it come
   * from ("test from outside"). Needs a registered connection; rejects with the server's words
   * when refused (viewer, rate limit), on timeout, or when the connection drops first.
   */
  reachCheck(port: number, timeoutMs = DEFAULT_REACH_CHECK_TIMEOUT_MS): Promise<ReachResult> {
    const socket = this.socket;
    if (this.current !== 'registered' || socket?.readyState !== OPEN) {
      return Promise.reject(new Error('a reach check needs a streamer connection that is registered with the server'));
    }
    const id = `reach-${++this.reachCheckCount}`;
    return new Promise<ReachResult>((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error(`the server did not answer the reach check within ${timeoutMs} ms`))), timeoutMs);
      const settle = (action: () => void) => {
        clearTimeout(timer);
        this.reachChecks.delete(id);
        action();
      };
      this.reachChecks.set(id, { resolve: (result) => settle(() => resolve(result)), reject: (error) => settle(() => reject(error)) });
      socket.send(JSON.stringify({ type: 'reach-check', id, port }));
    });
  }

  private connect(): void {
    this.timer = undefined;
    this.setState('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch (error) {
      this.emit('error', { kind: 'socket', message: describe(error) });
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onFrame(event.data);
    };
    socket.onerror = (event) => {
      if (this.socket === socket) this.emit('error', { kind: 'socket', message: describe(event) });
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.ready = false;
      this.failReachChecks();
      this.setState('closed');
      this.scheduleReconnect();
    };
  }

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.emit('error', { kind: 'invalid-frame', message: 'server sent a binary frame' });
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.emit('error', { kind: 'invalid-frame', message: `server sent an invalid message: ${parsed.error}` });
      return;
    }
    this.handle(parsed.message);
    this.emit('message', parsed.message);
  }

  private handle(message: ServerMessage): void {
    const identity = this.options.identity;
    switch (message.type) {
      case 'welcome':
        this.peerId = message.peerId;
        this.setState('open');
        if (this.options.role === 'streamer' && identity) {
          this.socket?.send(JSON.stringify({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey }));
        } else this.becomeReady();
        return;
      case 'challenge':
        if (identity) void this.prove(identity, message.nonce);
        return;
      case 'registered':
        if (message.streamerId === identity?.streamerId) {
          this.setState('registered');
          this.becomeReady();
        }
        return;
      case 'reach-result': {
        const { type: _type, id, ...result } = message;
        this.reachChecks.get(id)?.resolve(result);
        return;
      }
      case 'reconnect':
        this.onDrain(message.withinMs);
        return;
      case 'error':
        this.onServerError(message);
        return;
    }
  }

  /**
   * The server drains: dial again at a random moment within `withinMs`, so its clients spread over
   * the other instances instead of arriving all at once. The old connection serves until then.
   */
  private onDrain(withinMs: number): void {
    const socket = this.socket;
    const delay = Math.floor((this.options.random ?? Math.random)() * withinMs);
    setTimeout(() => {
      if (this.socket === socket) this.reconnect();
    }, delay);
  }

  private async prove(identity: StreamerIdentity, nonce: string): Promise<void> {
    const socket = this.socket;
    let signature: string;
    try {
      signature = await identity.sign(registrationChallengeText(nonce, identity.streamerId));
    } catch (error) {
      this.emit('error', { kind: 'registration', message: `signing the challenge failed: ${describe(error)}` });
      return;
    }
    // The connection may have changed while signing; that nonce is then worthless.
    if (this.socket === socket && socket?.readyState === OPEN) socket.send(JSON.stringify({ type: 'register-proof', signature }));
  }

  private onServerError(message: Extract<ServerMessage, { type: 'error' }>): void {
    if (message.ref?.type === 'reach-check' && message.ref.id) {
      this.reachChecks.get(message.ref.id)?.reject(new Error(`${message.code}: ${message.message}`));
      return;
    }
    if (message.code === 'replaced') {
      // Another connection proved our key: reconnecting would evict it in turn, forever.
      this.emit('error', { kind: 'replaced', message: message.message });
      this.stop();
      return;
    }
    const during = message.ref?.type === 'register' || message.ref?.type === 'register-proof';
    if (!during || this.ready) return;
    this.emit('error', { kind: 'registration', message: `${message.code}: ${message.message}` });
    if (message.code === 'auth-failed') this.stop(); // a wrong key will not get better by retrying
    else this.dropSocket(4000, 'registration refused'); // e.g. id held elsewhere: retry with backoff
  }

  private becomeReady(): void {
    this.ready = true;
    this.attempt = 0;
    if (this.presence.size > 0) this.sendPresence([...this.presence]);
    const pending = this.queue.splice(0);
    for (const message of pending) this.send(message);
  }

  private sendPresence(ids: string[]): void {
    for (let i = 0; i < ids.length; i += FIELD_LIMITS.presenceIds) {
      this.socket?.send(JSON.stringify({ type: 'presence-subscribe', streamerIds: ids.slice(i, i + FIELD_LIMITS.presenceIds) }));
    }
  }

  private scheduleReconnect(): void {
    if (!this.running || this.timer !== undefined) return;
    const delay = backoffDelay(this.attempt++, this.backoff, this.options.random);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** A reach-result cannot come over a new connection: those still waiting fail now. */
  private failReachChecks(): void {
    for (const pending of [...this.reachChecks.values()]) pending.reject(new Error('the connection to the server closed before the reach check finished'));
  }

  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    this.ready = false;
    this.failReachChecks();
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    try {
      socket.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is gone anyway.
    }
    if (this.running) {
      this.setState('closed');
      this.scheduleReconnect();
    }
  }

  private setState(state: ClientState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string') return value.message;
  return 'socket error';
}
