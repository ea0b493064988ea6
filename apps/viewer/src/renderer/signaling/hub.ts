/**
 * One SignalingClient per distinct signalling URL, shared by every streamer on that server and by
 * every tile: it reconnects by itself, re-subscribes presence, and carries request/response calls.
 */
import { createPairRequest, openPairResponse, PairResponse, parsePayload, type PairingOffer } from '@vigil/shared/pairing';
import type { RelayMessage, ServerMessage } from '@vigil/shared/signaling';
import { SignalingClient, type ClientState } from '@vigil/signaling/client';
import { authFor, verifyReply } from '../../common/auth.ts';
import { newSessionId } from '../../common/session.ts';
import type { PairedStreamer, StoredCredential } from '../../common/streamers.ts';

/** How long a request waits for its response. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface HubEvents {
  /** A streamer went on- or offline (or became unknown because its server is unreachable). */
  presence(streamerId: string, online: boolean | undefined): void;
  /** The connection to a signalling server changed state. */
  connection(url: string, state: ClientState): void;
}

/** Keeps the signalling connections the paired streamers need. */
export class SignalingHub {
  private readonly clients = new Map<string, SignalingClient>();
  private streamers: readonly PairedStreamer[] = [];

  constructor(private readonly events: HubEvents) {}

  /** Opens connections for new URLs, closes those no streamer uses, subscribes presence. */
  sync(streamers: readonly PairedStreamer[]): void {
    this.streamers = streamers;
    const byUrl = new Map<string, string[]>();
    for (const s of streamers) byUrl.set(s.url, [...(byUrl.get(s.url) ?? []), s.id]);
    for (const [url, client] of this.clients) {
      if (byUrl.has(url)) continue;
      client.stop();
      client.clear();
      this.clients.delete(url);
    }
    for (const [url, ids] of byUrl) this.open(url).subscribePresence(ids);
  }

  /** The client of a signalling URL, if a paired streamer uses it. */
  client(url: string): SignalingClient | undefined {
    return this.clients.get(url);
  }

  /** Sends a `request` to a streamer and resolves with the response payload. */
  async request(streamer: PairedStreamer, payload: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<string> {
    const client = this.clients.get(streamer.url);
    if (!client) throw new Error('no signalling connection for this streamer');
    const session = newSessionId();
    const auth = await authFor(streamer, { type: 'request', session, body: payload });
    const reply = await exchange(client, { type: 'request', id: session, to: streamer.id, session, payload, auth }, 'response', timeoutMs);
    if (!(await verifyReply(streamer, { type: 'response', session, body: reply.payload }, reply.auth))) {
      throw new Error('the reply did not come from the paired streamer');
    }
    return reply.payload;
  }

  /**
   * Pairs with the streamer of a scanned code: proves the one-time token without sending it, and
   * receives this viewer's long-term credential. Throws an error a person can read.
   */
  async pair(offer: PairingOffer, viewerName: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<{ credential: StoredCredential; name: string }> {
    const client = this.open(offer.url);
    // A browser reports a refused certificate like an unreachable host; knowing whether the
    // connection ever opened is what tells "no answer from the streamer" from "no server we trust".
    let opened = client.state === 'open' || client.state === 'registered';
    const offState = client.on('state', (state) => {
      if (state === 'open') opened = true;
    });
    const { request, keys } = await createPairRequest(offer, viewerName);
    const session = newSessionId();
    let reply;
    try {
      reply = await exchange(client, { type: 'pair-request', id: session, to: offer.streamerId, session, payload: JSON.stringify(request) }, 'pair-response', timeoutMs);
    } catch (error) {
      throw opened ? error : new Error(unreachable(offer.url));
    } finally {
      offState();
      if (!this.streamers.some((s) => s.url === offer.url)) this.sync(this.streamers); // close a connection opened only for this
    }
    const parsed = parsePayload(PairResponse, reply.payload);
    if (!parsed.ok) throw new Error(`the streamer's reply was malformed (${parsed.error})`);
    const cred = await openPairResponse(offer, keys, parsed.value);
    return { credential: { viewerId: cred.viewerId, credential: cred.credential, staticKey: cred.staticKey }, name: cred.streamerName };
  }

  /** Closes every connection. */
  stop(): void {
    for (const client of this.clients.values()) {
      client.stop();
      client.clear();
    }
    this.clients.clear();
  }

  private open(url: string): SignalingClient {
    const existing = this.clients.get(url);
    if (existing) return existing;
    const client = new SignalingClient({ url, role: 'viewer', createSocket: (u) => new WebSocket(u) });
    this.clients.set(url, client);
    client.on('state', (state) => {
      this.events.connection(url, state);
      // Without the server nobody can tell whether the streamer is there.
      if (state === 'closed') for (const s of this.streamers) if (s.url === url) this.events.presence(s.id, undefined);
    });
    client.on('message', (m) => {
      if (m.type === 'presence') this.events.presence(m.streamerId, m.online);
    });
    client.start();
    return client;
  }
}

type ReplyOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** Sends `message` and resolves with the streamer's reply of type `replyType` in the same session. */
function exchange<T extends 'response' | 'pair-response'>(client: SignalingClient, message: RelayMessage & { id: string }, replyType: T, timeoutMs: number): Promise<ReplyOf<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error('the streamer did not answer in time: is it running and reachable?'))), timeoutMs);
    const off = client.on('message', (m: ServerMessage) => {
      if (m.type === replyType && 'session' in m && m.from === message.to && m.session === message.session) finish(() => resolve(m as ReplyOf<T>));
      else if (m.type === 'error' && m.ref?.id === message.id) finish(() => reject(new Error(serverError(m.code, m.message))));
    });
    function finish(settle: () => void): void {
      clearTimeout(timer);
      off();
      settle();
    }
    client.send(message);
  });
}

/** A server error in words. */
export function serverError(code: string, message: string): string {
  if (code === 'unknown-peer') return 'the streamer is not connected to its signalling server';
  return `${message} (${code})`;
}

/**
 * Why a signalling server never let us in, in words: a browser cannot tell these causes apart.
 * `pinnedBy` says where the expected key came from (the code being paired, or the pairing made).
 */
export function unreachable(url: string, pinnedBy: 'code' | 'pairing' = 'code'): string {
  const address = url.replace(/^wss?:\/\//, '');
  if (url.startsWith('ws://')) return `could not connect to the signalling server at ${address}: nothing answers there`;
  const key = pinnedBy === 'code' ? 'the certificate key this pairing code names' : 'the certificate key this streamer was paired with';
  return (
    `could not open a secure connection to the signalling server at ${address}. Either nothing answers there, ` +
    `or the server there does not hold ${key} (another server, or the streamer’s key changed): ` +
    'check the address and scan a fresh code on the streamer'
  );
}
