/**
 * One SignalingClient per distinct signalling URL, shared by every streamer on that server and by
 * every tile: it reconnects by itself, re-subscribes presence, and carries request/response calls.
 *
 * A streamer has several routes (its LAN address, its router's public address, relays): the hub
 * dials all of them at once and keeps them open, so when one fails another is already there.
 * `routeFor()` picks the one to use (common/routes.ts); a streamer is online when it is present
 * on any route. It also keeps each streamer's ICE servers ready for the tiles (common/iceCache.ts).
 */
import { createPairRequest, openPairResponse, PairResponse, parsePayload, routesOf, type PairingOffer } from '@vigil/shared/pairing';
import type { IceServer } from '@vigil/shared/remote';
import type { IceCandidate, RelayMessage, ServerMessage } from '@vigil/shared/signaling';
import { SignalingClient, type ClientState } from '@vigil/signaling/client';
import { authFor, verifyReply } from '../../common/auth.ts';
import { IceCache } from '../../common/iceCache.ts';
import { pickRoute, type RouteReadiness } from '../../common/routes.ts';
import { newSessionId } from '../../common/session.ts';
import type { PairedStreamer, StoredCredential } from '../../common/streamers.ts';

/** Fewest milliseconds between two forced reconnections of one route (see suspect()). */
const SUSPECT_INTERVAL_MS = 10_000;

/** How long a request waits for its response. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** How long the `ice` request may take before it counts as failed (then: no ICE servers, for a while). */
export const ICE_REQUEST_TIMEOUT_MS = 5_000;
/** How long a tile waits for ICE servers not yet fetched before it goes ahead without them. */
export const ICE_WAIT_MS = 1_500;
/** The request for a streamer's ICE servers. */
export const ICE_REQUEST = JSON.stringify({ method: 'ice' });

export interface HubEvents {
  /** A streamer went on- or offline (or became unknown because no server of it is reachable). */
  presence(streamerId: string, online: boolean | undefined): void;
  /** The connection to a signalling server changed state. */
  connection(url: string, state: ClientState): void;
  /** A streamer became present on one of its routes (after a connect or a reconnect). */
  routeUp?(streamerId: string, url: string): void;
  /** A route carried a verified reply or a live picture: remember it. */
  worked?(streamerId: string, url: string): void;
  /** How one route of a streamer stands now (its connection, and the streamer's presence there). */
  route?(streamerId: string, url: string, readiness: RouteReadiness): void;
}

/** A streamer's route in use: its URL and its connection. */
export interface Route {
  url: string;
  client: SignalingClient;
}

/** Keeps the signalling connections the paired streamers need. */
export class SignalingHub {
  private readonly clients = new Map<string, SignalingClient>();
  /** When each route was last reconnected on suspicion (see suspect()). */
  private readonly suspected = new Map<string, number>();
  /** Presence told by each server: url → streamer id → online. */
  private readonly present = new Map<string, Map<string, boolean>>();
  /** The presence last reported per streamer (over all its routes). */
  private readonly reported = new Map<string, boolean | undefined>();
  private streamers: readonly PairedStreamer[] = [];
  /** Each streamer's ICE servers, fetched through its best route. */
  readonly ice = new IceCache({
    fetch: (id) => {
      const streamer = this.streamers.find((s) => s.id === id);
      return streamer ? this.request(streamer, ICE_REQUEST, ICE_REQUEST_TIMEOUT_MS) : Promise.reject(new Error('not paired'));
    },
  });

  constructor(private readonly events: HubEvents) {}

  /** Opens connections for every route of every streamer, closes unused ones, subscribes presence. */
  sync(streamers: readonly PairedStreamer[]): void {
    this.streamers = streamers;
    const byUrl = new Map<string, string[]>();
    for (const s of streamers) for (const r of s.routes) byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), s.id]);
    for (const [url, client] of this.clients) {
      if (byUrl.has(url)) continue;
      client.stop();
      client.clear();
      this.clients.delete(url);
      this.present.delete(url);
    }
    for (const [url, ids] of byUrl) this.open(url).subscribePresence(ids);
    for (const s of streamers) this.report(s.id);
  }

  /** The client of a signalling URL, if a paired streamer's route uses it. */
  client(url: string): SignalingClient | undefined {
    return this.clients.get(url);
  }

  /**
   * The route to reach `streamer` by now: an open connection where it is present, the LAN first,
   * then the route that last worked, then the others; when none is ready, the best to wait on.
   */
  routeFor(streamer: Pick<PairedStreamer, 'id'>): Route | undefined {
    const current = this.streamers.find((s) => s.id === streamer.id);
    const url = current && pickRoute(current, (u) => this.readiness(u, current.id));
    const client = url ? this.clients.get(url) : undefined;
    return url && client ? { url, client } : undefined;
  }

  /**
   * The route to use once one of the streamer's connections is open: at once when one is, else
   * at the first that opens, else (after `ms`) the best to wait on, whose connection is not open.
   */
  waitRoute(streamer: Pick<PairedStreamer, 'id'>, ms: number): Promise<Route | undefined> {
    const route = this.routeFor(streamer);
    const routes = this.streamers.find((s) => s.id === streamer.id)?.routes ?? [];
    const clients = routes.map((r) => this.clients.get(r.url)).filter((c): c is SignalingClient => !!c);
    if (!route || isOpen(route.client) || clients.length === 0) return Promise.resolve(route);
    return new Promise((resolve) => {
      const offs = clients.map((c) => c.on('state', () => isOpen(c) && done()));
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        for (const off of offs) off();
        resolve(undefined);
      }
    }).then(() => this.routeFor(streamer));
  }

  /** The connection to use for `streamer` now (see routeFor). */
  clientFor(streamer: Pick<PairedStreamer, 'id'>): SignalingClient | undefined {
    return this.routeFor(streamer)?.client;
  }

  /** Whether each route of a streamer is connected with the streamer present on it. */
  routeStates(streamer: Pick<PairedStreamer, 'id' | 'routes'>): Record<string, RouteReadiness> {
    return Object.fromEntries(streamer.routes.map((r) => [r.url, this.readiness(r.url, streamer.id)]));
  }

  /** Tells the hub a route carried a live picture (remembered as the streamer's `lastGood`). */
  worked(streamerId: string, url: string): void {
    this.events.worked?.(streamerId, url);
  }

  /**
   * The streamer's ICE servers for a new RTCPeerConnection: ready from the cache, or fetched; a
   * fetch slower than `waitMs` is not waited for (no servers this time; the next attempt has them).
   */
  async iceServers(streamer: Pick<PairedStreamer, 'id'>, waitMs = ICE_WAIT_MS): Promise<IceServer[]> {
    const cached = this.ice.peek(streamer.id);
    if (cached) return cached;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<IceServer[]>((resolve) => (timer = setTimeout(() => resolve([]), waitMs)));
    try {
      return await Promise.race([this.ice.get(streamer.id), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a `request` to a streamer (through `via`, default its best route) and resolves with the verified response payload. */
  async request(streamer: PairedStreamer, payload: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS, via?: Route): Promise<string> {
    const route = via ?? this.routeFor(streamer);
    if (!route) throw new Error('no signalling connection for this streamer');
    return this.requestOn(route, streamer, newSessionId(), payload, timeoutMs);
  }

  /**
   * A request that opens a connection (playback): like request(), and the streamer's ICE
   * candidates for its session reach `onCandidate` from before the reply until `stop()`;
   * `sendCandidate` trickles this viewer's own on the same route and session.
   */
  async requestSession(
    streamer: PairedStreamer,
    payload: string,
    onCandidate: (candidate: IceCandidate) => void,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<{ payload: string; sendCandidate(candidate: IceCandidate | null): void; stop(): void }> {
    const route = this.routeFor(streamer);
    if (!route) throw new Error('no signalling connection for this streamer');
    const session = newSessionId();
    const stop = route.client.on('message', (m: ServerMessage) => {
      if (m.type === 'candidate' && m.session === session && m.from === streamer.id && m.candidate) onCandidate(m.candidate);
    });
    try {
      const reply = await this.requestOn(route, streamer, session, payload, timeoutMs);
      return { payload: reply, sendCandidate: (candidate) => route.client.send({ type: 'candidate', to: streamer.id, session, candidate }), stop };
    } catch (error) {
      stop();
      throw error;
    }
  }

  private async requestOn(route: Route, streamer: PairedStreamer, session: string, payload: string, timeoutMs: number): Promise<string> {
    const auth = await authFor(streamer, { type: 'request', session, body: payload });
    const reply = await exchange(route.client, { type: 'request', id: session, to: streamer.id, session, payload, auth }, 'response', timeoutMs);
    if (!(await verifyReply(streamer, { type: 'response', session, body: reply.payload }, reply.auth))) {
      throw new Error('the reply did not come from the paired streamer');
    }
    this.events.worked?.(streamer.id, route.url);
    return reply.payload;
  }

  /**
   * Pairs with the streamer of a scanned code: proves the one-time token without sending it, and
   * receives this viewer's long-term credential. Dials every route of the code at once and pairs
   * through the first that opens (the next one if the streamer is not on that server). Throws an
   * error a person can read.
   */
  async pair(offer: PairingOffer, viewerName: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<{ credential: StoredCredential; name: string }> {
    const deadline = Date.now() + timeoutMs;
    const routes = routesOf(offer).map((r) => ({ url: r.url, client: this.open(r.url) }));
    // A browser reports a refused certificate like an unreachable host; knowing whether a
    // connection ever opened is what tells "no answer from the streamer" from "no server we trust".
    let opened = false;
    const offStates = routes.map(({ client }) =>
      client.on('state', (state) => {
        if (state === 'open') opened = true;
      }),
    );
    const { request, keys } = await createPairRequest(offer, viewerName);
    const tried = new Set<string>();
    let reply;
    try {
      for (;;) {
        const route = await firstOpen(routes.filter((r) => !tried.has(r.url)), deadline - Date.now());
        if (!route) throw new Error(unreachable(offer.url));
        opened = true;
        tried.add(route.url);
        const session = newSessionId();
        try {
          reply = await exchange(route.client, { type: 'pair-request', id: session, to: offer.streamerId, session, payload: JSON.stringify(request) }, 'pair-response', Math.max(0, deadline - Date.now()));
          break;
        } catch (error) {
          // Not on this server (yet): the token was not spent, another route may have it.
          if ((error as ServerError).code !== 'unknown-peer' || tried.size === routes.length) throw error;
        }
      }
    } catch (error) {
      throw opened ? error : new Error(unreachable(offer.url));
    } finally {
      for (const off of offStates) off();
      this.sync(this.streamers); // close the connections opened only for this
    }
    const parsed = parsePayload(PairResponse, reply.payload);
    if (!parsed.ok) throw new Error(`the streamer's reply was malformed (${parsed.error})`);
    const cred = await openPairResponse(offer, keys, parsed.value);
    return { credential: { viewerId: cred.viewerId, credential: cred.credential, staticKey: cred.staticKey }, name: cred.streamerName };
  }

  /** Closes every connection. */
  /**
   * A tile's media dropped while this route's connection looked fine: the network may have changed
   * under it (a socket bound to an address that is gone stays "open" for minutes), so it dials
   * again, at most once per SUSPECT_INTERVAL_MS per route. Cheap when nothing was wrong.
   */
  suspect(url: string, now = Date.now()): void {
    const client = this.clients.get(url);
    if (!client || now - (this.suspected.get(url) ?? 0) < SUSPECT_INTERVAL_MS) return;
    this.suspected.set(url, now);
    client.reconnect();
  }

  stop(): void {
    for (const client of this.clients.values()) {
      client.stop();
      client.clear();
    }
    this.clients.clear();
    this.present.clear();
    this.reported.clear();
  }

  private readiness(url: string, streamerId: string): RouteReadiness {
    const client = this.clients.get(url);
    if (!client || !isOpen(client)) return 'down';
    const here = this.present.get(url)?.get(streamerId);
    return here === true ? 'ready' : here === false ? 'absent' : 'open';
  }

  /** Tells how `url` stands for each streamer that has it as a route. */
  private tellRoute(url: string): void {
    if (this.clients.has(url)) for (const s of this.streamers) if (s.routes.some((r) => r.url === url)) this.events.route?.(s.id, url, this.readiness(url, s.id));
  }

  /** Reports a streamer's presence over all its routes when it changed: online anywhere is online. */
  private report(streamerId: string): void {
    const streamer = this.streamers.find((s) => s.id === streamerId);
    const told = (streamer?.routes ?? []).map((r) => this.present.get(r.url)?.get(streamerId));
    const online = told.includes(true) ? true : told.includes(false) ? false : undefined;
    if (this.reported.has(streamerId) && this.reported.get(streamerId) === online) return;
    this.reported.set(streamerId, online);
    this.events.presence(streamerId, online);
  }

  private open(url: string): SignalingClient {
    const existing = this.clients.get(url);
    if (existing) return existing;
    const client = new SignalingClient({ url, role: 'viewer', createSocket: (u) => new WebSocket(u) });
    this.clients.set(url, client);
    client.on('state', (state) => {
      this.events.connection(url, state);
      // Without the server nobody can tell whether the streamer is there.
      if (state === 'closed' && this.present.delete(url)) for (const s of this.streamers) if (s.routes.some((r) => r.url === url)) this.report(s.id);
      this.tellRoute(url);
    });
    client.on('message', (m) => {
      if (m.type !== 'presence' || this.clients.get(url) !== client) return;
      const here = this.present.get(url) ?? new Map<string, boolean>();
      this.present.set(url, here);
      const was = here.get(m.streamerId);
      here.set(m.streamerId, m.online);
      this.report(m.streamerId);
      this.tellRoute(url);
      if (m.online && was !== true) this.events.routeUp?.(m.streamerId, url);
    });
    client.start();
    return client;
  }
}

const isOpen = (client: SignalingClient) => client.state === 'open' || client.state === 'registered';

/** Resolves with the first of `routes` whose connection is open (in list order when several are), or undefined after `ms`. */
function firstOpen(routes: readonly Route[], ms: number): Promise<Route | undefined> {
  const now = routes.find((r) => isOpen(r.client));
  if (now || routes.length === 0 || ms <= 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const offs = routes.map((r) => r.client.on('state', () => isOpen(r.client) && done(r)));
    const timer = setTimeout(() => done(undefined), ms);
    function done(route: Route | undefined): void {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve(route);
    }
  });
}

type ReplyOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** Sends `message` and resolves with the streamer's reply of type `replyType` in the same session. */
function exchange<T extends 'response' | 'pair-response'>(client: SignalingClient, message: RelayMessage & { id: string }, replyType: T, timeoutMs: number): Promise<ReplyOf<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error('the streamer did not answer in time: is it running and reachable?'))), timeoutMs);
    const off = client.on('message', (m: ServerMessage) => {
      if (m.type === replyType && 'session' in m && m.from === message.to && m.session === message.session) finish(() => resolve(m as ReplyOf<T>));
      else if (m.type === 'error' && m.ref?.id === message.id) finish(() => reject(Object.assign(new Error(serverError(m.code, m.message)), { code: m.code })));
    });
    function finish(settle: () => void): void {
      clearTimeout(timer);
      off();
      settle();
    }
    client.send(message);
  });
}

/** An error the signalling server sent, with its code. */
type ServerError = Error & { code?: string };

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
