/**
 * One client connection: limits, the registration handshake, relaying. Connection state sequence
 * and error codes: ../../README.md. Nothing a client sends can make this throw: every refusal
 * becomes an `error` reply, and enough refusals close the connection.
 */
import type { WebSocket } from 'ws';
import {
  parseClientMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type RelayMessage,
  type ServerMessage,
  type SignalingErrorCode,
} from '@vigil/shared/signaling';
import { SlidingWindowCounter, TokenBucket } from '../common/limits.ts';
import type { Router } from '../common/router.ts';
import type { PeerRole, ServerMetrics } from './metrics.ts';
import type { ResolvedOptions } from './options.ts';
import type { ReachChecker } from './reach-check.ts';
import { beginRegistration, verifyProof, type PendingRegistration } from './registration.ts';

/** Close codes the server uses. */
export const CLOSE_CODES = { shutdown: 1001, policy: 1008, replaced: 4001 } as const;

/** What a connection needs from its server. */
export interface ConnectionContext {
  options: ResolvedOptions;
  router: Router;
  metrics: ServerMetrics;
  /** Takes one message from the budget of `address` towards `streamerId`; false when spent. */
  targetBudget(address: string, streamerId: string): boolean;
  /** Runs reach checks within their budgets. */
  reachChecker: ReachChecker;
}

type Ref = { type?: string; id?: string } | undefined;

/** Server side of one WebSocket. */
export class Connection {
  readonly peerId: string;
  role: PeerRole = 'unknown';
  streamerId: string | undefined;
  /** Cleared by each heartbeat ping, set by the pong. */
  alive = true;
  /** The heartbeat's bucket for this connection. */
  beatTick: number | undefined = undefined;
  private pending: { registration: PendingRegistration; timer: ReturnType<typeof setTimeout> } | undefined;
  private bucket: TokenBucket;
  // Created on first use: most of 10,000 idle connections never need them (less heap, shorter GC).
  private rejects: SlidingWindowCounter | undefined;
  private subscriptions: Set<string> | undefined;
  private uncorkScheduled = false;
  private readonly tasks: (() => Promise<void>)[] = [];
  private draining = false;
  private closing = false;

  constructor(
    readonly ws: WebSocket,
    readonly address: string,
    private readonly ctx: ConnectionContext,
  ) {
    this.peerId = ctx.router.newPeerId();
    this.bucket = new TokenBucket(ctx.options.messagesPerSecond, ctx.options.burst);
  }

  /** The server drains: asks the client to dial again within `withinMs` (another instance takes it). */
  askToReconnect(withinMs: number): void {
    this.send({ type: 'reconnect', reason: 'this relay instance is restarting', withinMs });
  }

  /** Joins the router, greets the client and starts reading. */
  start(): void {
    const { options, router } = this.ctx;
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    this.ws.on('pong', () => (this.alive = true));
    this.ws.on('error', () => undefined); // protocol errors end in 'close'; nothing to add
    this.ws.on('close', () => this.onClose());
    this.enqueue(async () => {
      await router.attach(this.peerId, { deliver: (frame) => this.deliver(frame), evict: (code, message) => this.fail(code, message, undefined, CLOSE_CODES.replaced) });
      this.send({ type: 'welcome', protocol: PROTOCOL_VERSION, peerId: this.peerId, heartbeatMs: options.heartbeatIntervalMs, maxPayload: options.maxPayload });
    });
  }

  /** Sends an error and closes (evictions, shutdown, limits). */
  fail(code: SignalingErrorCode, message: string, ref: Ref, closeCode: number): void {
    this.ctx.metrics.rejects.inc({ code });
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
    this.close(closeCode, code);
  }

  /** Starts the closing handshake once; the 'close' event does the cleanup. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.clearPending();
    this.ws.close(code, reason);
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    const { options } = this.ctx;
    if (!this.bucket.take()) return this.reject('rate-limited', `more than ${options.messagesPerSecond} messages per second`, undefined);
    if (isBinary) return this.reject('bad-message', 'binary frames are not part of the protocol', undefined);
    if (data.length > options.maxPayload) return this.reject('too-large', `frame of ${data.length} bytes exceeds maxPayload ${options.maxPayload}`, undefined);
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) return this.reject(parsed.code, parsed.error, parsed.ref);
    this.enqueue(() => this.handle(parsed.message));
  }

  /** Runs handlers one after another, so an asynchronous router cannot reorder a peer's messages. */
  private enqueue(task: () => Promise<void>): void {
    this.tasks.push(task);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) {
      try {
        await task();
      } catch {
        if (!this.closing) this.send({ type: 'error', code: 'internal', message: 'the server failed to handle a message' });
      }
    }
    this.draining = false;
  }

  private async handle(message: ClientMessage): Promise<void> {
    const ref: Ref = message.id ? { type: message.type, id: message.id } : { type: message.type };
    switch (message.type) {
      case 'register':
        return this.register(message, ref);
      case 'register-proof':
        return this.registerProof(message.signature, ref);
      case 'presence-subscribe':
        return this.subscribe(message.streamerIds, ref);
      case 'reach-check':
        return this.reachCheck(message.id, message.port, ref);
      default:
        return this.relay(message, ref);
    }
  }

  private async register(message: Extract<ClientMessage, { type: 'register' }>, ref: Ref): Promise<void> {
    if (this.role !== 'unknown' || this.pending) {
      return this.reject('forbidden', this.role === 'viewer' ? 'a viewer connection cannot become a streamer' : 'this connection already registers or registered', ref);
    }
    const begun = beginRegistration(message);
    if (!begun.ok) {
      this.ctx.metrics.registrations.inc({ result: 'failed' });
      return this.reject('auth-failed', begun.error, ref);
    }
    const timer = setTimeout(() => {
      this.ctx.metrics.registrations.inc({ result: 'timeout' });
      this.fail('timeout', `no register-proof within ${this.ctx.options.registrationTimeoutMs} ms`, { type: 'register' }, CLOSE_CODES.policy);
    }, this.ctx.options.registrationTimeoutMs);
    this.pending = { registration: begun.pending, timer };
    this.send({ type: 'challenge', nonce: begun.pending.nonce });
  }

  private async registerProof(signature: string, ref: Ref): Promise<void> {
    const pending = this.pending?.registration;
    if (!pending) return this.reject('not-registered', 'send register first and wait for the challenge', ref);
    this.clearPending(); // one attempt per nonce
    if (!verifyProof(pending, signature)) {
      this.ctx.metrics.registrations.inc({ result: 'failed' });
      return this.reject('auth-failed', 'the signature does not verify with the registered key', ref);
    }
    const claim = await this.ctx.router.claimStreamer(pending.streamerId, this.peerId, this.ctx.options.duplicateRegistration);
    if (!claim.ok) {
      this.ctx.metrics.registrations.inc({ result: 'rejected' });
      return this.reject('forbidden', 'this streamer id is already connected elsewhere', ref);
    }
    this.role = 'streamer';
    this.streamerId = pending.streamerId;
    this.bucket = new TokenBucket(this.ctx.options.streamerMessagesPerSecond, this.ctx.options.streamerBurst);
    this.ctx.metrics.registrations.inc({ result: claim.replaced ? 'replaced' : 'ok' });
    this.send({ type: 'registered', streamerId: pending.streamerId });
  }

  private async subscribe(streamerIds: string[], ref: Ref): Promise<void> {
    const subscriptions = (this.subscriptions ??= new Set());
    const fresh = new Set(streamerIds.filter((id) => !subscriptions.has(id)));
    const max = this.ctx.options.maxPresenceSubscriptions;
    if (subscriptions.size + fresh.size > max) return this.reject('bad-message', `at most ${max} presence subscriptions per connection`, ref);
    for (const id of fresh) subscriptions.add(id);
    for (const state of await this.ctx.router.subscribePresence(this.peerId, [...new Set(streamerIds)])) {
      this.send({ type: 'presence', streamerId: state.streamerId, online: state.online });
    }
  }

  /**
   * Dials this connection's own address back on `port` (never an address from the message). Not
   * awaited: a probe takes seconds, and this connection's other messages must not wait for it.
   */
  private async reachCheck(id: string, port: number, ref: Ref): Promise<void> {
    if (this.role !== 'streamer' || !this.streamerId) {
      return this.reject(this.role === 'viewer' ? 'forbidden' : 'not-registered', this.role === 'viewer' ? 'only a registered streamer may ask for a reach check' : 'register and prove the key before asking for a reach check', ref);
    }
    const started = this.ctx.reachChecker.check(this.streamerId, this.address, port);
    if (!started.ok) return this.reject(started.code, started.message, ref);
    const { address } = this;
    void started.outcome.then((outcome) => {
      this.ctx.metrics.reachChecks.labels(outcome.reachable ? 'reachable' : 'unreachable').inc();
      this.send({ type: 'reach-result', id, address, port, ...outcome });
    });
  }

  private async relay(message: RelayMessage, ref: Ref): Promise<void> {
    if (this.pending) return this.reject('not-registered', 'finish registration before relaying', ref);
    const target = await this.ctx.router.resolve(message.to);
    if (!target) return this.reject('unknown-peer', `${message.to} is not connected`, ref, this.role !== 'streamer');
    if (target.peerId === this.peerId) return this.reject('forbidden', 'a connection cannot message itself', ref);
    if (this.role !== 'streamer' && !target.streamerId) return this.reject('forbidden', 'a relay needs a registered streamer at one end', ref);
    // Per sender and target: many connections from one address cannot flood one streamer (whose
    // replies would then count against its own limits).
    if (this.role !== 'streamer' && target.streamerId && !this.ctx.targetBudget(this.address, target.streamerId)) {
      return this.reject('rate-limited', `more than ${this.ctx.options.perTargetMessagesPerSecond} messages per second from this address to ${message.to}`, ref);
    }
    // Offers cost the streamer an encoder session each: their budget is the streamer's, counted
    // over every instance (from every address), so spreading them over instances gains nothing.
    if ((message.type === 'offer' || message.type === 'pair-request') && target.streamerId && !(await this.ctx.router.takeStreamerBudget(target.streamerId, this.ctx.options.streamerOffersPerSecond))) {
      return this.reject('rate-limited', `more than ${this.ctx.options.streamerOffersPerSecond} offers per second to ${message.to}`, ref);
    }
    if (this.role === 'unknown') this.role = 'viewer';
    const from = this.role === 'streamer' && this.streamerId ? this.streamerId : this.peerId;
    // Re-serialised from the validated message, not spliced into the client's text: a frame with
    // duplicate keys would otherwise reach the peer with content the schema never saw.
    const result = await this.ctx.router.deliver(target.peerId, JSON.stringify({ ...message, from }), this.peerId);
    // A streamer replying to a viewer that left or stalls is not abusing anything: such refusals
    // do not count towards its abuse limit (a flood of hit-and-run requests would close it).
    const blameless = this.role === 'streamer';
    if (result === 'unknown') return this.reject('unknown-peer', `${message.to} is not connected`, ref, !blameless);
    if (result === 'busy') return this.reject('rate-limited', `${message.to} is not reading fast enough; message dropped`, ref, !blameless);
    this.ctx.metrics.relayed.labels(message.type).inc();
  }

  private deliver(frame: string): boolean {
    if (this.ws.readyState !== this.ws.OPEN || this.ws.bufferedAmount > this.ctx.options.maxBufferedBytes) return false;
    this.corkUntilNextTurn();
    this.ws.send(frame);
    return true;
  }

  /**
   * Frames for this peer that arrive within one event-loop turn leave in one writev: under load
   * (5,000 msg/s to one streamer) the per-frame syscall dominated the server's CPU. ws exposes
   * no cork(), so this reaches its socket; without one it simply sends frame by frame.
   */
  private corkUntilNextTurn(): void {
    if (this.uncorkScheduled) return;
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (typeof socket?.cork !== 'function') return;
    this.uncorkScheduled = true;
    socket.cork();
    setImmediate(() => {
      this.uncorkScheduled = false;
      socket.uncork();
    });
  }

  /** Replies with an error; past the abuse limit (refusals that `count`), closes the connection. */
  private reject(code: SignalingErrorCode, message: string, ref: Ref, count = true): void {
    if (this.closing) return;
    this.ctx.metrics.rejects.labels(code).inc();
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
    if (!count) return;
    this.rejects ??= new SlidingWindowCounter(this.ctx.options.abuseLimit, this.ctx.options.abuseWindowMs);
    if (this.rejects.add()) this.close(CLOSE_CODES.policy, 'too many rejected messages');
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private clearPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private onClose(): void {
    this.closing = true;
    this.clearPending();
    this.enqueue(() => this.ctx.router.detach(this.peerId));
  }
}
