/**
 * Signalling bridge: turns viewers' relayed messages into live sessions and back.
 *
 *   offer ─► authorise ─► per-viewer caps (slot held) ─► openSession ─► answer (+ trickled
 *            candidates) ─► … ─► bye / close (or no connection within connectTimeoutMs)
 *   request {"method":"cameras"} ─► authorise ─► response [{ id, name, state, site? }]
 *   request {"method":"playback",…} ─► authorise ─► methods.playback ─► response (engine/playback)
 *
 *   pair-request ─► pairing service ─► pair-response
 *
 * Every viewer message passes through one `authorize` hook; refusals are answered with a `bye`
 * (or an error response) carrying the reason, so the viewer can show it, within a small budget
 * (`refusalsPerSecond`): past it, unauthorised requests go unanswered. Answers and responses
 * carry the hook's signature so the viewer can tell its real streamer from a hostile relay.
 * Candidates are not signed: the DTLS fingerprints in the signed SDP already bind the media.
 */
import type { CameraState } from '@vigil/shared/config';
import type { SessionView } from '@vigil/shared/api';
import type { IceCandidate, RelayMessage, ServerMessage } from '@vigil/shared/signaling';
import { TokenBucket } from '@vigil/signaling/client';

/** A live view the camera manager opened for one viewer. */
export interface LiveSession {
  readonly id: string;
  readonly cameraId: string;
  readonly answerSdp: string;
  addIceCandidate(candidate: IceCandidate | null): Promise<void> | void;
  /** Answers the viewer's ICE restart on this session (live/session.ts); absent: a re-offer replaces the session. */
  restartIce?(offerSdp: string): Promise<string>;
  onCandidate(listener: (candidate: IceCandidate | null) => void): void;
  /** Sends a JSON event over the session's data channel (motion boxes, events). */
  sendEvent(event: unknown): void;
  close(): void;
  onClose(listener: () => void): void;
}

/** The camera side the bridge needs. */
export interface LiveBackend {
  openSession(request: { cameraId: string; offerSdp: string; substream?: boolean; viewer?: string }): Promise<LiveSession>;
  /** Each camera with its site when it has one (older viewers ignore the field). */
  cameras(): { id: string; name: string; state: CameraState['state']; site?: string }[];
}

/** What a viewer asks for, as the authorisation hook sees it. */
export interface ViewerRequest {
  /** The viewer's signalling address (its peer id). */
  from: string;
  kind: 'offer' | 'request';
  session: string;
  cameraId?: string;
  /** The SDP of an offer or the payload of a request (covered by the viewer's MAC). */
  body: string;
  /** Opaque credential the viewer sent. */
  auth?: string;
  /** An offer's low-resolution flag as it arrived (the verdict says whether it was signed). */
  substream?: boolean;
}
/** Signs a reply to an authorised viewer; the result goes in the reply's `auth`. */
export type SignReply = (fields: { type: string; session: string; camera?: string; body: string }) => Promise<string>;
/** `substream`: the flag to honour (only a signed flag is; absent means the main stream). */
export type Verdict = { ok: true; viewer: string; sign?: SignReply; substream?: boolean } | { ok: false; reason: string };
export type Authorize = (request: ViewerRequest) => Promise<Verdict>;

/** The slice of the signalling client the bridge uses. */
export interface BridgeClient {
  send(message: RelayMessage): void;
  on(event: 'message', listener: (message: ServerMessage) => void): unknown;
}

interface Entry {
  session: LiveSession;
  view: SessionView;
  /** Where the session is kept and answered: the viewer's signalling address (it changes when the viewer reconnects) and session id. */
  key: string;
  to: string;
  /** The viewer's ICE username fragment and substream flag in the offer that opened it. */
  ufrag: string | undefined;
  substream: boolean;
}

/** The first `a=ice-ufrag` of an SDP. */
function iceUfrag(sdp: string): string | undefined {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
}

/** What the bridge is built from, with its per-viewer limits. */
export interface BridgeOptions {
  client: BridgeClient;
  backend: LiveBackend;
  authorize: Authorize;
  /** Answers a pair-request payload with a pair-response payload (absent: pairing refused). */
  pair?: (payload: string) => Promise<unknown>;
  /**
   * Further request methods (e.g. `playback`), called with the parsed payload once the request
   * passed `authorize`; what they resolve with is the (signed) response.
   */
  methods?: Record<string, (payload: unknown, caller: { viewer: string; from: string; session: string }) => Promise<unknown>>;
  /** Sessions the bridge does not own (playback): their candidates and byes; true when taken. */
  peers?: { candidate(from: string, session: string, candidate: IceCandidate | null): boolean; bye(from: string, session: string): boolean };
  /**
   * Live sessions one viewer may hold (open or being answered) across cameras; default 12: the
   * largest grid (9 tiles) plus a second window's few. Bounds what one paired viewer can take.
   */
  maxSessionsPerViewer?: number;
  /** Live sessions one viewer may hold on one camera; default 4, so no viewer fills a camera's slots. */
  maxSessionsPerViewerPerCamera?: number;
  /**
   * Refusals (bye, error response, refused pairing) sent to requests that did not pass
   * authorisation, per second; past the budget they go unanswered. Default 5, burst
   * `refusalBurst` (default 20). Anyone who knows the streamer's id can send it garbage: each
   * answer counted against the streamer's own relay limits, so unbounded answers got it
   * disconnected. Honest viewers rarely need more than one refusal.
   */
  refusalsPerSecond?: number;
  refusalBurst?: number;
  /** Told of every session that opens or closes (for the control API's events). */
  onSession?: (event: { type: 'session-opened'; session: SessionView } | { type: 'session-closed'; id: string }) => void;
}

/** Connects a signalling client to the camera manager under an authorisation hook. */
export function createSignalingBridge(options: BridgeOptions) {
  const { client, backend, authorize } = options;
  const live = new Map<string, Entry>(); // key: `${viewer address}/${session id}`
  const refusals = new TokenBucket(options.refusalsPerSecond ?? 5, options.refusalBurst ?? 20);
  // Offers authorised and being answered, by the same key: they hold a viewer's slot from the
  // moment they pass the cap check, before any await, so concurrent offers cannot all see room.
  const opening = new Map<string, { viewer: string; camera: string }>();
  // Candidates a viewer trickles while its offer is still being answered: without them the engine
  // never learns the viewer's public (server-reflexive) address and cannot punch through its NAT.
  const early = new Map<string, (IceCandidate | null)[]>();
  const MAX_EARLY_CANDIDATES = 32;

  /** Why a viewer may not open one more live session on `camera`, or undefined when it may. */
  function overCap(key: string, viewer: string, camera: string): string | undefined {
    // A renegotiation (same key) replaces its session, so it is not counted against itself.
    const open = [...live].map(([k, e]) => [k, { viewer: e.view.viewer, camera: e.view.cameraId }] as const);
    const cameras = [...open, ...opening].filter(([k, e]) => k !== key && e.viewer === viewer).map(([, e]) => e.camera);
    const perViewer = options.maxSessionsPerViewer ?? 12;
    if (cameras.length >= perViewer) return `this viewer already has ${perViewer} live sessions open: close one first`;
    const perCamera = options.maxSessionsPerViewerPerCamera ?? 4;
    if (cameras.filter((c) => c === camera).length >= perCamera) return `this viewer already has ${perCamera} live sessions of camera ${camera} open: close one first`;
    return undefined;
  }

  async function onOffer(m: Extract<ServerMessage, { type: 'offer' }>): Promise<void> {
    const key = `${m.from}/${m.session}`;
    // Held from the offer's arrival (authorisation is asynchronous too); bounded, dropped if refused.
    early.set(key, early.get(key) ?? []);
    try {
      await answer(m, key);
    } finally {
      early.delete(key);
    }
  }

  async function answer(m: Extract<ServerMessage, { type: 'offer' }>, key: string): Promise<void> {
    const bye = (reason: string) => client.send({ type: 'bye', to: m.from, session: m.session, reason: reason.slice(0, 256) });
    const refuse = (reason: string) => refusals.take() && bye(reason);
    if (!m.camera) return void refuse('the offer names no camera');
    const verdict = await authorize({ from: m.from, kind: 'offer', session: m.session, cameraId: m.camera, body: m.sdp, auth: m.auth, substream: m.substream });
    if (!verdict.ok) return void refuse(verdict.reason);
    if (opening.has(key)) return bye('an offer for this session is still being answered');
    // The same session offered again with new ICE credentials: the viewer's network changed (its
    // signalling address too, when it had to reconnect: the session is found by id and viewer).
    const current = live.get(key) ?? [...live.values()].find((e) => e.key.endsWith(`/${m.session}`) && e.view.viewer === verdict.viewer);
    const ufrag = iceUfrag(m.sdp);
    if (current?.session.restartIce && current.view.cameraId === m.camera && current.substream === !!verdict.substream && ufrag && current.ufrag && ufrag !== current.ufrag) {
      current.ufrag = ufrag;
      return restart(m, key, current, verdict);
    }
    const refusal = overCap(key, verdict.viewer, m.camera);
    if (refusal) return bye(refusal);
    opening.set(key, { viewer: verdict.viewer, camera: m.camera });
    live.get(key)?.session.close(); // a renegotiation replaces the old session
    let session: LiveSession;
    try {
      session = await backend.openSession({ cameraId: m.camera, offerSdp: m.sdp, substream: verdict.substream, viewer: verdict.viewer });
    } catch (error) {
      return bye((error as Error).message);
    } finally {
      opening.delete(key);
    }
    for (const candidate of early.get(key) ?? []) Promise.resolve(session.addIceCandidate(candidate)).catch(() => undefined);
    const entry: Entry = { session, view: { id: session.id, cameraId: m.camera, viewer: verdict.viewer, startedAt: Date.now() }, key, to: m.from, ufrag: iceUfrag(m.sdp), substream: !!verdict.substream };
    live.set(key, entry);
    session.onCandidate((candidate) => client.send({ type: 'candidate', to: entry.to, session: m.session, candidate }));
    session.onClose(() => {
      if (live.get(entry.key) !== entry) return;
      live.delete(entry.key);
      options.onSession?.({ type: 'session-closed', id: session.id });
    });
    const auth = await verdict.sign?.({ type: 'answer', session: m.session, camera: m.camera, body: session.answerSdp });
    client.send({ type: 'answer', to: m.from, session: m.session, sdp: session.answerSdp, ...(auth ? { auth } : {}) });
    options.onSession?.({ type: 'session-opened', session: entry.view });
  }

  /** Answers an ICE restart on the live session: same DTLS, same media, new candidate pairs. */
  async function restart(m: Extract<ServerMessage, { type: 'offer' }>, key: string, entry: Entry, verdict: Extract<Verdict, { ok: true }>): Promise<void> {
    let sdp: string;
    if (entry.key !== key) {
      live.delete(entry.key);
      Object.assign(entry, { key, to: m.from });
      live.set(key, entry);
    }
    opening.set(key, { viewer: verdict.viewer, camera: entry.view.cameraId });
    try {
      const answering = entry.session.restartIce!(m.sdp);
      // Candidates of the new generation that came with the offer: the session holds them until it has answered.
      for (const candidate of early.get(key)?.splice(0) ?? []) Promise.resolve(entry.session.addIceCandidate(candidate)).catch(() => undefined);
      sdp = await answering;
    } catch (error) {
      entry.session.close();
      return void client.send({ type: 'bye', to: m.from, session: m.session, reason: `the ICE restart failed: ${(error as Error).message}`.slice(0, 256) });
    } finally {
      opening.delete(key);
    }
    const auth = await verdict.sign?.({ type: 'answer', session: m.session, camera: m.camera!, body: sdp });
    client.send({ type: 'answer', to: m.from, session: m.session, sdp, ...(auth ? { auth } : {}) });
  }

  async function onRequest(m: Extract<ServerMessage, { type: 'request' }>): Promise<void> {
    const verdict = await authorize({ from: m.from, kind: 'request', session: m.session, body: m.payload, auth: m.auth });
    const respond = async (body: unknown) => {
      const payload = JSON.stringify(body);
      const auth = verdict.ok ? await verdict.sign?.({ type: 'response', session: m.session, body: payload }) : undefined;
      client.send({ type: 'response', to: m.from, session: m.session, payload, ...(auth ? { auth } : {}) });
    };
    if (!verdict.ok) return refusals.take() ? respond({ error: verdict.reason }) : undefined;
    let method: unknown;
    let parsed: unknown;
    try {
      parsed = JSON.parse(m.payload);
      method = (parsed as { method?: unknown } | null)?.method;
    } catch {
      return respond({ error: 'request payload is not JSON' });
    }
    if (method === 'cameras') return respond({ cameras: backend.cameras() });
    const extra = typeof method === 'string' && options.methods && Object.hasOwn(options.methods, method) ? options.methods[method] : undefined;
    if (extra) return respond(await extra(parsed, { viewer: verdict.viewer, from: m.from, session: m.session }).catch((error: Error) => ({ error: error.message })));
    respond({ error: `unknown method ${JSON.stringify(method)}` });
  }

  function onMessage(m: ServerMessage): void {
    const failed = (error: unknown) => console.error('signalling bridge:', (error as Error).message);
    switch (m.type) {
      case 'offer':
        onOffer(m).catch(failed);
        break;
      case 'request':
        onRequest(m).catch(failed);
        break;
      case 'pair-request':
        (options.pair ? options.pair(m.payload) : Promise.resolve({ v: 1, ok: false, code: 'bad-request', message: 'pairing is not enabled' }))
          .then((reply) => {
            const refused = (reply as { ok?: unknown } | null)?.ok !== true;
            if (!refused || refusals.take()) client.send({ type: 'pair-response', to: m.from, session: m.session, payload: JSON.stringify(reply) });
          })
          .catch(failed);
        break;
      case 'candidate': {
        const entry = live.get(`${m.from}/${m.session}`);
        const pending = early.get(`${m.from}/${m.session}`);
        // While an offer for the session is answered (a new one, or an ICE restart of a live one),
        // its candidates wait for it.
        if (pending) {
          if (pending.length < MAX_EARLY_CANDIDATES) pending.push(m.candidate);
        } else if (entry) Promise.resolve(entry.session.addIceCandidate(m.candidate)).catch(failed);
        else options.peers?.candidate(m.from, m.session, m.candidate);
        break;
      }
      case 'bye':
        if (live.has(`${m.from}/${m.session}`)) live.get(`${m.from}/${m.session}`)!.session.close();
        else options.peers?.bye(m.from, m.session);
        break;
      default:
        break;
    }
  }

  return {
    /** Starts handling viewers' messages. */
    start(): void {
      client.on('message', onMessage);
    },
    /** Closes every live session. */
    stop(): void {
      for (const { session } of [...live.values()]) session.close();
      live.clear();
    },
    /** Live sessions for the control API. */
    sessions: (): SessionView[] => [...live.values()].map((e) => e.view),
    /** The live sessions of a camera (to send them motion overlays). */
    liveSessionsOf: (cameraId: string): LiveSession[] => [...live.values()].filter((e) => e.view.cameraId === cameraId).map((e) => e.session),
    /** Ends every live session of a viewer (after it was revoked). */
    closeViewer(viewer: string): void {
      for (const entry of [...live.values()]) if (entry.view.viewer === viewer) entry.session.close();
    },
    /** Closes one session by id; false when there is none. */
    close(id: string): boolean {
      const entry = [...live.values()].find((e) => e.view.id === id);
      entry?.session.close();
      return !!entry;
    },
  };
}
