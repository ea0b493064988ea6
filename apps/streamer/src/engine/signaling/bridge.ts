/**
 * Signalling bridge: turns viewers' relayed messages into live sessions and back.
 *
 *   offer ─► authorise ─► openSession ─► answer (+ trickled candidates) ─► … ─► bye / close
 *   request {"method":"cameras"} ─► authorise ─► response [{ id, name, state }]
 *
 * Every viewer message passes through one `authorize` hook; refusals are answered with a `bye`
 * (or an error response) carrying the reason, so the viewer can show it.
 */
import type { CameraState } from '@vigil/shared/config';
import type { SessionView } from '@vigil/shared/api';
import type { IceCandidate, RelayMessage, ServerMessage } from '@vigil/shared/signaling';

/** A live view the camera manager opened for one viewer. */
export interface LiveSession {
  readonly id: string;
  readonly cameraId: string;
  readonly answerSdp: string;
  addIceCandidate(candidate: IceCandidate | null): Promise<void> | void;
  onCandidate(listener: (candidate: IceCandidate | null) => void): void;
  close(): void;
  onClose(listener: () => void): void;
}

/** The camera side the bridge needs. */
export interface LiveBackend {
  openSession(request: { cameraId: string; offerSdp: string; substream?: boolean }): Promise<LiveSession>;
  cameras(): { id: string; name: string; state: CameraState['state'] }[];
}

/** What a viewer asks for, as the authorisation hook sees it. */
export interface ViewerRequest {
  /** The viewer's signalling address (its peer id). */
  from: string;
  kind: 'offer' | 'request';
  cameraId?: string;
  /** Opaque credential the viewer sent (pairing fills this in). */
  auth?: string;
}
export type Authorize = (request: ViewerRequest) => Promise<{ ok: true; viewer: string } | { ok: false; reason: string }>;

/** The slice of the signalling client the bridge uses. */
export interface BridgeClient {
  send(message: RelayMessage): void;
  on(event: 'message', listener: (message: ServerMessage) => void): unknown;
}

interface Entry {
  session: LiveSession;
  view: SessionView;
}

/** Connects a signalling client to the camera manager under an authorisation hook. */
export function createSignalingBridge(options: { client: BridgeClient; backend: LiveBackend; authorize: Authorize; onChange?: () => void }) {
  const { client, backend, authorize } = options;
  const live = new Map<string, Entry>(); // key: `${viewer address}/${session id}`

  async function onOffer(m: Extract<ServerMessage, { type: 'offer' }>): Promise<void> {
    const key = `${m.from}/${m.session}`;
    const bye = (reason: string) => client.send({ type: 'bye', to: m.from, session: m.session, reason: reason.slice(0, 256) });
    if (!m.camera) return bye('the offer names no camera');
    const verdict = await authorize({ from: m.from, kind: 'offer', cameraId: m.camera, auth: m.auth });
    if (!verdict.ok) return bye(verdict.reason);
    live.get(key)?.session.close(); // a renegotiation replaces the old session
    let session: LiveSession;
    try {
      session = await backend.openSession({ cameraId: m.camera, offerSdp: m.sdp, substream: m.substream });
    } catch (error) {
      return bye((error as Error).message);
    }
    const entry = { session, view: { id: session.id, cameraId: m.camera, viewer: verdict.viewer, startedAt: Date.now() } };
    live.set(key, entry);
    session.onCandidate((candidate) => client.send({ type: 'candidate', to: m.from, session: m.session, candidate }));
    session.onClose(() => {
      if (live.get(key) !== entry) return;
      live.delete(key);
      options.onChange?.();
    });
    client.send({ type: 'answer', to: m.from, session: m.session, sdp: session.answerSdp });
    options.onChange?.();
  }

  async function onRequest(m: Extract<ServerMessage, { type: 'request' }>): Promise<void> {
    const respond = (body: unknown) => client.send({ type: 'response', to: m.from, session: m.session, payload: JSON.stringify(body) });
    const verdict = await authorize({ from: m.from, kind: 'request', auth: m.auth });
    if (!verdict.ok) return respond({ error: verdict.reason });
    let method: unknown;
    try {
      method = (JSON.parse(m.payload) as { method?: unknown }).method;
    } catch {
      return respond({ error: 'request payload is not JSON' });
    }
    if (method === 'cameras') return respond({ cameras: backend.cameras() });
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
      case 'candidate': {
        const entry = live.get(`${m.from}/${m.session}`);
        if (entry) Promise.resolve(entry.session.addIceCandidate(m.candidate)).catch(failed);
        break;
      }
      case 'bye':
        live.get(`${m.from}/${m.session}`)?.session.close();
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
    /** Closes one session by id; false when there is none. */
    close(id: string): boolean {
      const entry = [...live.values()].find((e) => e.view.id === id);
      entry?.session.close();
      return !!entry;
    },
  };
}
