/**
 * Test helpers: a raw protocol client that records every frame, and waiting helpers. Used by the
 * tests beside the sources and by the benchmark.
 */
import { generateKeyPairSync } from 'node:crypto';
import WebSocket from 'ws';
import { registrationChallengeText } from '@vigil/shared/signaling';
import { identityFromPrivateKey, type Identity } from './identity.ts';

/** A parsed server frame. */
export type Frame = { type: string; [key: string]: unknown };

/** A bare `ws` client that records what the server sends. */
export class RawClient {
  readonly frames: Frame[] = [];
  peerId = '';
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === 'welcome') this.peerId = frame.peerId as string;
      this.frames.push(frame);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  /** Connects and waits for `welcome`. */
  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const client = RawClient.open(url, options);
    await client.next('welcome');
    return client;
  }

  /** Connects without waiting for anything. */
  static open(url: string, options: WebSocket.ClientOptions = {}): RawClient {
    return new RawClient(new WebSocket(url, { rejectUnauthorized: false, ...options }));
  }

  /** Sends a message object (or raw text). */
  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first frame of `type` not yet taken (frames are consumed in order). */
  async next(type: string, timeoutMs = 3000): Promise<Frame> {
    return this.until(() => {
      const index = this.frames.findIndex((f) => f.type === type);
      return index < 0 ? undefined : this.frames.splice(index, 1)[0];
    }, timeoutMs, `no "${type}" frame`);
  }

  /** Resolves once the socket closed, with the close code. */
  async closed(timeoutMs = 3000): Promise<number> {
    return this.until(() => this.closeCode, timeoutMs, 'socket did not close');
  }

  /** Registers `identity` as a streamer through the full challenge handshake. */
  async register(identity: Identity): Promise<Frame> {
    this.send({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey });
    const challenge = await this.next('challenge');
    this.send({ type: 'register-proof', signature: await identity.sign(registrationChallengeText(challenge.nonce as string, identity.streamerId)) });
    return this.next('registered');
  }

  /** Closes the socket. */
  close(): void {
    this.ws.terminate();
  }

  private async until<T>(probe: () => T | undefined, timeoutMs: number, message: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${message} within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** A fresh random streamer identity. */
export function newIdentity(): Identity {
  return identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** Polls `probe` until it returns true. */
export async function eventually(probe: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A valid session id. */
export const SESSION = 'session-0001';
