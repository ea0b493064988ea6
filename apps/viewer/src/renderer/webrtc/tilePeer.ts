/**
 * One tile's live view: the browser's RTCPeerConnection, offered by the viewer, negotiated over
 * signalling, and re-established by itself after any failure. States: ../../common/tileState.ts.
 *
 * Per attempt: the streamer's best signalling route (the first open one if none is ready yet) → its
 * ICE servers (cached by the hub) → new session id → recvonly video (H.264 first) [+ recvonly
 * audio] + "events" data channel → offer (with camera and auth) → answer → trickled candidates both ways → connected.
 * When the engine announces the data-channel path (the offer had no H.264), the picture arrives as
 * fMP4 on the "events" channel and plays through MediaSource (liveMse.ts) instead of a track.
 * A `bye`, an error reply, ICE failure, a disconnect that outlasts the grace period, or losing
 * signalling before the picture is up ends the attempt; the next follows after a backoff delay.
 * Signalling loss while live does not: media flows peer to peer and needs no relay.
 */
import type { IceCandidate, ServerMessage } from '@vigil/shared/signaling';
import { isRoutesChanged, type MediaRoute } from '@vigil/shared/remote';
import type { SignalingClient } from '@vigil/signaling/client';
import { authFor, verifyReply } from '../../common/auth.ts';
import { selectedPath } from '../../common/mediaPath.ts';
import { newSessionId } from '../../common/session.ts';
import type { PairedStreamer } from '../../common/streamers.ts';
import { IDLE, tileReducer, type TileEvent, type TileStatus } from '../../common/tileState.ts';
import { serverError, unreachable, type SignalingHub } from '../signaling/hub.ts';
import { preferH264 } from '@vigil/shared/ui/codecs';
import { readLabelsMessage } from '@vigil/shared/detection';
import { labelKey, useViewer } from '../store/viewer.ts';
import { readLivePath } from '@vigil/shared/live';
import { openMsePath, type MsePath } from './liveMse.ts';

export interface TilePeerOptions {
  hub: SignalingHub;
  /** The streamer as currently paired (its URL may change when paired again). */
  streamer: () => PairedStreamer | undefined;
  camera: string;
  /** Ask for the camera's low-resolution substream (small tiles). */
  substream?: boolean;
  /**
   * Offer a recvonly audio section too: the engine answers it with the camera's sound (Opus), or
   * inactive when the camera has none. Default false (a page that never plays sound).
   */
  audio?: boolean;
  /**
   * Offer to send audio too (push-to-talk, with `audio`): the engine answers sendrecv for a camera
   * with a speaker it can reach, and forwards the microphone only while `talk(true)` and only for
   * a viewer the streamer's owner allowed to talk.
   */
  talk?: boolean;
  onStatus(status: TileStatus): void;
  onStream(stream: MediaStream | null): void;
  /** Messages on the "events" data channel (motion boxes, events). */
  onEvent?(data: string): void;
  /** The picture moved to (or away from: undefined) the data-channel path. */
  onMsePath?(path: MsePath | undefined): void;
  /** ICE servers etc.; default: the streamer's own (STUN, TURN), or host candidates only (LAN). */
  rtc?: RTCConfiguration;
  /** An attempt that is not live after this long fails. Default 15 s. */
  connectTimeoutMs?: number;
  /** How long a live tile may stay "disconnected" while an ICE restart brings it back, before the attempt counts as lost. Default 12 s. */
  disconnectGraceMs?: number;
  /** How long to wait for the signalling connection before an attempt fails. Default 10 s. */
  signalingWaitMs?: number;
}

/** Figures of the inbound video, for the tile's info line and tests. */
export interface TileStats {
  framesDecoded: number;
  framesPerSecond: number;
  width: number;
  height: number;
  codec: string;
  /** How the media travels, from the selected ICE candidate pair. */
  route?: MediaRoute;
  /** Round-trip time of the selected candidate pair (ms). */
  rttMs?: number;
  /** The selected candidate pair, "type address:port → type address:port" (local → remote). */
  pair?: string;
}

interface Attempt {
  session: string;
  pc: RTCPeerConnection;
  client: SignalingClient;
  streamerId: string;
  /** The streamer's signalling URL, to name it when it cannot be reached. */
  url: string;
  /** The signalling connection was open at some point of this attempt. */
  opened: boolean;
  offered: boolean;
  /** The audio section (the camera's sound in, the microphone out while talking). */
  audio?: RTCRtpTransceiver;
  /** The data-channel path, once the engine announced it. */
  mse?: MsePath;
  cleanups: (() => void)[];
}

/** Keeps one camera live in one tile until stop(). */
export class TilePeer {
  private status: TileStatus = IDLE;
  private current: Attempt | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** An attempt is fetching its ICE servers (no RTCPeerConnection yet). */
  private starting = false;
  /** The microphone while push-to-talk is held. */
  private mic: MediaStream | undefined;

  constructor(private readonly options: TilePeerOptions) {}

  /** Starts the first attempt. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.attempt();
  }

  /** Ends the session (with a `bye`) and stops retrying. */
  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.teardown(true);
    this.dispatch({ type: 'stop' });
  }

  /** Skips the backoff wait (e.g. the streamer just came online). */
  retryNow(): void {
    if (!this.running || this.current || this.starting || this.status.phase === 'live') return;
    clearTimeout(this.retryTimer);
    void this.attempt();
  }

  /** True when the live connection can carry the microphone to the camera's speaker. */
  canTalk(): boolean {
    const direction = this.current?.audio?.currentDirection;
    return this.status.phase === 'live' && (direction === 'sendrecv' || direction === 'sendonly');
  }

  /** Push-to-talk: sends the microphone while `on`, and releases it (no recording light) after. */
  async talk(on: boolean): Promise<void> {
    const transceiver = this.current?.audio;
    if (!on || !transceiver) {
      this.releaseMic();
      await transceiver?.sender.replaceTrack(null).catch(() => undefined);
      return;
    }
    this.mic ??= await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    if (this.current?.audio !== transceiver) return this.releaseMic();
    await transceiver.sender.replaceTrack(this.mic.getAudioTracks()[0] ?? null);
  }

  private releaseMic(): void {
    for (const track of this.mic?.getTracks() ?? []) track.stop();
    this.mic = undefined;
  }

  /** Inbound video figures of the live connection, if any. */
  async stats(): Promise<TileStats | undefined> {
    const pc = this.current?.pc;
    if (!pc) return undefined;
    const report = await pc.getStats();
    let out: TileStats | undefined;
    const codecs = new Map<string, string>();
    const byId = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown>) => {
      if (typeof s.id === 'string') byId.set(s.id, s);
      if (s.type === 'codec' && typeof s.id === 'string') codecs.set(s.id, String(s.mimeType ?? ''));
    });
    report.forEach((s: Record<string, unknown>) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
      out = {
        framesDecoded: Number(s.framesDecoded ?? 0),
        framesPerSecond: Number(s.framesPerSecond ?? 0),
        width: Number(s.frameWidth ?? 0),
        height: Number(s.frameHeight ?? 0),
        codec: (codecs.get(String(s.codecId)) ?? '').replace(/^video\//, ''),
      };
    });
    out ??= this.current?.mse?.player?.stats();
    return out && { ...out, ...selectedPath(byId) };
  }

  private dispatch(event: TileEvent): void {
    this.status = tileReducer(this.status, event);
    this.options.onStatus(this.status);
  }

  private async attempt(): Promise<void> {
    this.retryTimer = undefined;
    if (!this.options.streamer()) return this.fail('refused', 'this streamer is no longer paired');
    this.dispatch({ type: 'attempt' });
    const id = this.options.streamer()!.id;
    // Any route will do while the others are still connecting (a dead LAN address must not hold it up);
    // then the ICE servers: one signed round trip, usually fetched already when the streamer came online.
    this.starting = true;
    const route = await this.options.hub.waitRoute({ id }, this.options.signalingWaitMs ?? 10_000);
    const iceServers = this.options.rtc?.iceServers ?? (route && isOpen(route.client) ? await this.options.hub.iceServers({ id }).catch(() => []) : []);
    this.starting = false;
    if (!this.running || this.current) return;
    const streamer = this.options.streamer();
    if (!streamer || !route) return this.fail('refused', 'this streamer is no longer paired');
    // No route opened in time: a server we cannot reach or do not trust.
    if (!isOpen(route.client)) return this.fail('lost', unreachable(route.url, 'pairing'));
    const { client, url } = route;
    const session = newSessionId();
    // max-bundle: one set of candidates for every section (the engine bundles them all), not one per section.
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', ...this.options.rtc, iceServers });
    const attempt: Attempt = { session, pc, client, streamerId: streamer.id, url, opened: client.state === 'open' || client.state === 'registered', offered: false, cleanups: [] };
    this.current = attempt;
    const alive = () => this.current === attempt;
    try {
      this.wire(attempt);
      await this.waitForSignaling(attempt);
      if (!alive()) return;
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const sdp = pc.localDescription?.sdp ?? offer.sdp ?? '';
      const auth = await authFor(streamer, { type: 'offer', session, body: sdp, camera: this.options.camera, substream: this.options.substream });
      if (!alive()) return;
      client.send({ type: 'offer', id: session, to: streamer.id, session, sdp, camera: this.options.camera, substream: this.options.substream, auth });
      attempt.offered = true;
    } catch (error) {
      if (alive()) this.fail('lost', (error as Error).message || 'could not start the connection');
    }
  }

  private wire(attempt: Attempt): void {
    const { pc, client, session, streamerId } = attempt;
    const alive = () => this.current === attempt;
    preferH264(pc.addTransceiver('video', { direction: 'recvonly' }), RTCRtpReceiver.getCapabilities?.('video'));
    if (this.options.audio) attempt.audio = pc.addTransceiver('audio', { direction: this.options.talk ? 'sendrecv' : 'recvonly' });
    const channel = pc.createDataChannel('events');
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (e) => {
      if (!alive()) return;
      // Binary messages are the data-channel path's fMP4 stream; a live-path message starts one.
      if (e.data instanceof ArrayBuffer) return attempt.mse?.player?.append(new Uint8Array(e.data));
      const path = typeof e.data === 'string' ? readLivePath(e.data) : undefined;
      if (path?.path === 'mse') return this.useMsePath(attempt, openMsePath(path));
      if (typeof e.data === 'string') this.options.onEvent?.(e.data);
      // The detector's labels for the camera's motion events, drawn beside the motion boxes.
      const result = alive() && typeof e.data === 'string' && e.data.includes('"motion-labels"') ? readLabelsMessage(e.data) : undefined;
      if (result) useViewer.getState().setLabels(labelKey(streamerId, this.options.camera), result.labels);
      // The streamer's routes changed (a new public address, a relay added): fetch them now.
      if (alive() && typeof e.data === 'string' && isRoutesChanged(e.data)) useViewer.getState().routesChanged(streamerId);
    };
    const tracks: MediaStreamTrack[] = [];
    pc.ontrack = (e) => {
      if (!alive()) return;
      tracks.push(e.track);
      // A new stream object per track, so the UI notices an audio track arriving after the video.
      this.options.onStream(new MediaStream(tracks));
    };
    // While an ICE restart's offer is being signed, its candidates wait: sent before the offer,
    // they would reach the streamer for the old generation.
    let held: (IceCandidate | null)[] | undefined;
    const sendCandidate = (candidate: IceCandidate | null) => client.send({ type: 'candidate', to: streamerId, session, candidate });
    pc.onicecandidate = (e) => {
      if (!alive()) return;
      const candidate: IceCandidate | null = e.candidate ? toCandidate(e.candidate) : null;
      if (held) held.push(candidate);
      else sendCandidate(candidate);
    };
    // The viewer's network changed (Wi-Fi to tethering): same session, same picture, new ICE
    // candidates. The offer goes out on the signalling route as soon as it has dialled again.
    let restarting = false;
    const restartIce = async () => {
      if (restarting || !alive()) return;
      restarting = true;
      held = [];
      try {
        pc.restartIce();
        await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
        const sdp = pc.localDescription?.sdp ?? '';
        const streamer = this.options.streamer();
        if (!streamer || !alive()) return;
        const auth = await authFor(streamer, { type: 'offer', session, body: sdp, camera: this.options.camera, substream: this.options.substream });
        if (alive()) client.send({ type: 'offer', id: session, to: streamerId, session, sdp, camera: this.options.camera, substream: this.options.substream, auth });
      } catch {
        // The grace timer ends the attempt; a new one starts from scratch.
      } finally {
        for (const candidate of held.splice(0)) if (alive()) sendCandidate(candidate);
        held = undefined;
        restarting = false;
      }
    };
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    pc.onconnectionstatechange = () => {
      if (!alive()) return;
      const state = pc.connectionState;
      if (state === 'connected') {
        clearTimeout(graceTimer);
        graceTimer = undefined;
        clearTimeout(connectTimer);
        this.dispatch({ type: 'live' });
        this.options.hub.worked(streamerId, attempt.url);
      } else if (state === 'failed') {
        clearTimeout(graceTimer);
        this.options.hub.ice.invalidate(streamerId); // the TURN credentials may be stale: fetch fresh ones
        this.options.hub.suspect(attempt.url);
        this.fail('lost', 'the connection to the camera failed (ICE)');
      } else if (state === 'disconnected' && this.status.phase === 'live') {
        // The viewer's network may have changed: its signalling socket may be dead without knowing.
        this.options.hub.suspect(attempt.url);
        this.dispatch({ type: 'restarting', reason: 'the connection dropped: reconnecting on the same session' });
        void restartIce();
        // The restart has this long to bring the picture back; then a fresh attempt.
        graceTimer ??= setTimeout(() => alive() && this.fail('lost', 'the connection to the camera dropped'), this.options.disconnectGraceMs ?? 12_000);
      }
    };
    const connectTimer = setTimeout(() => {
      if (alive() && this.status.phase !== 'live') {
        if (pc.remoteDescription) this.options.hub.ice.invalidate(streamerId);
        this.fail('lost', pc.remoteDescription ? 'could not reach the camera (no ICE connection)' : 'the streamer did not answer');
      }
    }, this.options.connectTimeoutMs ?? 15_000);
    const pending: RTCIceCandidateInit[] = [];
    const offMessage = client.on('message', (m: ServerMessage) => {
      if (!alive()) return;
      if (m.type === 'error' && m.ref?.id === session) return this.fail('refused', serverError(m.code, m.message));
      if (!('session' in m) || m.session !== session || m.from !== streamerId) return;
      if (m.type === 'answer') {
        const streamer = this.options.streamer();
        const genuine = streamer ? verifyReply(streamer, { type: 'answer', session, camera: this.options.camera, body: m.sdp }, m.auth) : Promise.resolve(false);
        genuine
          .then((ok) => {
            if (!ok) throw new Error('it was not signed by the paired streamer');
            // An ICE restart answered by a new session (another DTLS key or media source): the
            // old one had ended, so this peer connection cannot go on; a fresh attempt starts.
            const before = pc.remoteDescription && sessionMarkOf(pc.remoteDescription.sdp);
            if (before && before !== sessionMarkOf(m.sdp)) return void (alive() && this.fail('lost', 'the streamer had ended the session'));
            if (alive()) return pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
          })
          .then(() => Promise.all(pending.splice(0).map((c) => pc.addIceCandidate(c))))
          .catch((error: Error) => alive() && this.fail('lost', `the streamer's answer was not usable: ${error.message}`));
      } else if (m.type === 'candidate') {
        const candidate: RTCIceCandidateInit | null = m.candidate && { ...m.candidate };
        if (!candidate) return; // end of candidates: nothing to do for the browser
        // During an ICE restart the streamer's new candidates wait for its new answer.
        if (pc.remoteDescription && pc.signalingState === 'stable') pc.addIceCandidate(candidate).catch(() => undefined);
        else pending.push(candidate);
      } else if (m.type === 'bye') {
        attempt.offered = false; // the streamer already closed its side
        this.fail('refused', m.reason || 'the streamer ended the session');
      }
    });
    const offState = client.on('state', (state) => {
      if (state === 'open') attempt.opened = true;
      // A connection that never opened is a server we cannot reach or do not trust: say which could be.
      if (alive() && state === 'closed' && this.status.phase !== 'live') this.fail('lost', attempt.opened ? 'lost the signalling connection' : unreachable(attempt.url, 'pairing'));
    });
    attempt.cleanups.push(offMessage, offState, () => clearTimeout(connectTimer), () => clearTimeout(graceTimer));
  }

  private useMsePath(attempt: Attempt, path: MsePath): void {
    attempt.mse?.player?.close();
    attempt.mse = path;
    this.options.onMsePath?.(path);
  }

  private waitForSignaling(attempt: Attempt): Promise<void> {
    const { client } = attempt;
    if (client.state === 'open' || client.state === 'registered') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(() => reject(new Error(unreachable(attempt.url, 'pairing')))), this.options.signalingWaitMs ?? 10_000);
      const off = client.on('state', (state) => {
        if (state === 'open') done(resolve);
      });
      attempt.cleanups.push(() => done(() => resolve()));
      function done(settle: () => void): void {
        clearTimeout(timer);
        off();
        settle();
      }
    });
  }

  private fail(kind: 'lost' | 'refused', reason: string): void {
    this.teardown(true);
    this.dispatch({ type: kind, reason, now: Date.now() });
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.attempt(), Math.max(0, (this.status.retryAt ?? Date.now()) - Date.now()));
  }

  private teardown(sayBye: boolean): void {
    const attempt = this.current;
    if (!attempt) return;
    this.current = undefined;
    this.releaseMic();
    for (const cleanup of attempt.cleanups) cleanup();
    if (sayBye && attempt.offered) attempt.client.send({ type: 'bye', to: attempt.streamerId, session: attempt.session });
    attempt.pc.ontrack = attempt.pc.onicecandidate = attempt.pc.onconnectionstatechange = null;
    attempt.pc.close();
    attempt.mse?.player?.close();
    if (attempt.mse) this.options.onMsePath?.(undefined);
    this.options.onStream(null);
  }
}

/** What stays the same in every answer of one engine session: its DTLS fingerprint and its video source (SSRC). */
const sessionMarkOf = (sdp: string) => `${/^a=fingerprint:(.+)$/m.exec(sdp)?.[1]?.trim()} ${/^a=ssrc:(\d+)/m.exec(sdp)?.[1]}`;

const isOpen = (client: SignalingClient) => client.state === 'open' || client.state === 'registered';

function toCandidate(c: RTCIceCandidate): IceCandidate {
  return { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment };
}
