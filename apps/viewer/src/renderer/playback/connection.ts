/**
 * A playback session with a streamer: a browser RTCPeerConnection with one "playback" data
 * channel and no media, opened by a signed `playback` request through the signalling hub (the
 * streamer authorises it like a live offer and signs its answer). On the channel: numbered
 * commands, JSON replies and id-tagged binary chunks (shared/src/recording/playback.ts).
 */
import {
  PLAYBACK_CHANNEL,
  PlaybackOpened,
  PlaybackReply,
  readBinary,
  type PlaybackCommand,
  type PlaybackLimits,
  type PlaybackSegment,
  type EventMark,
} from '@vigil/shared/recording';
import type { IceCandidate } from '@vigil/shared/signaling';
import type { PairedStreamer } from '../../common/streamers.ts';
import type { SignalingHub } from '../signaling/hub.ts';

/** Longest wait for the browser's ICE gathering before the offer goes out (no trickle needed). */
export const GATHER_TIMEOUT_MS = 3_000;
/**
 * Once a usable candidate is in, how long more candidates of the same burst may come before the
 * offer goes out anyway: a host candidate without ICE servers (LAN, loopback; the engine also
 * learns the viewer's address from its connectivity checks), a server-reflexive or relay one with.
 */
export const GATHER_SETTLE_MS = 60;

/** When the offer goes out: once a usable candidate is in (default), or once gathering completes (the old way). */
export type GatherMode = 'usable' | 'complete';
/** Longest wait for the channel to open once answered. */
export const OPEN_TIMEOUT_MS = 15_000;

/** Header of one segment's bytes, as the engine announces it. */
export type MediaSegmentHeader = Extract<PlaybackReply, { type: 'media-segment' }>;

interface Pending {
  onReply(reply: PlaybackReply): void;
  onBytes(bytes: Uint8Array): void;
}

/** An open playback session. */
export class PlaybackConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closeListeners: ((reason: string) => void)[] = [];

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly channel: RTCDataChannel,
    readonly limits: PlaybackLimits,
    /** Stops the trickle of candidates for this session. */
    private readonly stopTrickle: () => void,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (event) => this.onMessage(event.data as string | ArrayBuffer);
    channel.onclose = () => this.ended('the playback connection closed');
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.ended('the playback connection was lost');
    };
  }

  /** Opens a session for `camera` of `streamer`; throws a sentence a person can read. */
  static async open(hub: SignalingHub, streamer: PairedStreamer, camera: string, rtc?: RTCConfiguration, gather: GatherMode = 'usable'): Promise<PlaybackConnection> {
    const pc = new RTCPeerConnection({ iceServers: [], ...rtc });
    let stop = () => {};
    try {
      const channel = pc.createDataChannel(PLAYBACK_CHANNEL, { ordered: true });
      const usable = gather === 'usable' ? firstUsableCandidate(pc, (rtc?.iceServers?.length ?? 0) > 0) : undefined;
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, usable);
      mark('offer');
      const sdp = pc.localDescription?.sdp ?? '';
      // Trickle both ways: the streamer's later candidates (server-reflexive, relayed) wait for its
      // answer here; this viewer's, gathered after its offer went out, follow the answer.
      const theirs: RTCIceCandidateInit[] = [];
      const ours = laterCandidates(pc);
      let answered = false;
      const session = await hub.requestSession(streamer, JSON.stringify({ method: 'playback', camera, sdp }), (candidate) => {
        if (answered) pc.addIceCandidate({ ...candidate }).catch(() => undefined);
        else theirs.push({ ...candidate });
      });
      stop = session.stop;
      const reply = PlaybackOpened.safeParse(JSON.parse(session.payload));
      if (!reply.success) throw new Error('the streamer sent a reply this viewer does not understand');
      if ('error' in reply.data) throw new Error(reply.data.error);
      mark('answer');
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.data.sdp });
      answered = true;
      for (const candidate of theirs.splice(0)) pc.addIceCandidate(candidate).catch(() => undefined);
      ours.forward(session.sendCandidate);
      await opened(channel);
      mark('open');
      return new PlaybackConnection(pc, channel, reply.data.limits, stop);
    } catch (error) {
      stop();
      pc.close();
      throw error;
    }
  }

  /** Segments and events of [from, to]. */
  async list(from: number, to: number): Promise<{ segments: PlaybackSegment[]; events: EventMark[] }> {
    const reply = await this.call({ type: 'list', from: Math.floor(from), to: Math.ceil(to) });
    if (reply.type !== 'list') throw new Error('unexpected reply to list');
    return { segments: reply.segments, events: reply.events };
  }

  /**
   * Streams the fMP4 of [from, to]: `onSegment` gets each segment's header and bytes. Resolves
   * when all is sent; `cancel()` stops it.
   */
  media(from: number, to: number, onSegment: (header: MediaSegmentHeader, bytes: Uint8Array) => void): { done: Promise<void>; cancel(): void } {
    let header: MediaSegmentHeader | undefined;
    let parts: Uint8Array[] = [];
    let received = 0;
    const { id, done } = this.start({ type: 'media', from: Math.floor(from), to: Math.ceil(to) }, {
      onReply: (reply) => {
        if (reply.type !== 'media-segment') return;
        header = reply;
        parts = [];
        received = 0;
        if (reply.bytes === 0) onSegment(reply, new Uint8Array(0));
      },
      onBytes: (bytes) => {
        if (!header) return;
        parts.push(bytes.slice());
        received += bytes.byteLength;
        if (received >= header.bytes) {
          onSegment(header, concat(parts, received));
          header = undefined;
        }
      },
    });
    return { done: done.then(() => undefined), cancel: () => this.cancel(id) };
  }

  /** A segment's thumbnail as a JPEG blob. */
  async thumbnail(file: string): Promise<Blob> {
    const { bytes, mime } = await this.download({ type: 'thumbnail', file });
    return new Blob([bytes as BlobPart], { type: mime });
  }

  /**
   * Exports [from, to] and downloads the bundle (a tar archive): `onProgress` gets the phase
   * ('export' while the streamer cuts the clip, 'download' while bytes arrive) and a fraction.
   */
  async exportRange(from: number, to: number, onProgress: (phase: 'export' | 'download', fraction: number) => void): Promise<{ blob: Blob; name: string }> {
    const { bytes, mime, name } = await this.download({ type: 'export', from: Math.floor(from), to: Math.ceil(to) }, onProgress);
    return { blob: new Blob([bytes as BlobPart], { type: mime }), name: name ?? 'export.tar' };
  }

  /** Called once when the session ends (closed, lost). */
  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.push(listener);
    return () => (this.closeListeners = this.closeListeners.filter((l) => l !== listener));
  }

  close(): void {
    this.channel.close();
    this.pc.close();
    this.ended('closed');
  }

  private download(command: DistributiveOmit<PlaybackCommand, 'id'>, onProgress?: (phase: 'export' | 'download', fraction: number) => void) {
    let total = 0;
    let mime = 'application/octet-stream';
    let name: string | undefined;
    const parts: Uint8Array[] = [];
    let received = 0;
    const { done } = this.start(command, {
      onReply: (reply) => {
        if (reply.type === 'progress') onProgress?.('export', reply.fraction);
        if (reply.type === 'data') ({ bytes: total, mime, name } = reply);
      },
      onBytes: (bytes) => {
        parts.push(bytes.slice());
        received += bytes.byteLength;
        onProgress?.('download', total ? received / total : 0);
      },
    });
    return done.then(() => {
      if (received !== total) throw new Error(`the transfer was cut short (${received} of ${total} bytes)`);
      return { bytes: concat(parts, received), mime, name };
    });
  }

  private call(command: DistributiveOmit<PlaybackCommand, 'id'>): Promise<PlaybackReply> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, {
        onReply: (reply) => {
          this.pending.delete(id);
          if (reply.type === 'error') reject(new Error(reply.message));
          else resolve(reply);
        },
        onBytes: () => undefined,
      });
      this.send({ ...command, id } as PlaybackCommand);
    });
  }

  private start(command: DistributiveOmit<PlaybackCommand, 'id'>, handlers: Pending): { id: number; done: Promise<void> } {
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => {
      this.pending.set(id, {
        onReply: (reply) => {
          if (reply.type === 'done') {
            this.pending.delete(id);
            resolve();
          } else if (reply.type === 'error') {
            this.pending.delete(id);
            reject(new Error(reply.message));
          } else handlers.onReply(reply);
        },
        onBytes: handlers.onBytes,
      });
    });
    this.send({ ...command, id } as PlaybackCommand);
    return { id, done };
  }

  private cancel(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.send({ type: 'cancel', id });
    this.pending.delete(id);
  }

  private send(command: PlaybackCommand): void {
    if (this.channel.readyState !== 'open') throw new Error('the playback connection is closed');
    this.channel.send(JSON.stringify(command));
  }

  private onMessage(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      const frame = readBinary(data);
      if (frame) this.pending.get(frame.id)?.onBytes(frame.payload);
      return;
    }
    let reply: PlaybackReply;
    try {
      const parsed = PlaybackReply.safeParse(JSON.parse(data));
      if (!parsed.success) return;
      reply = parsed.data;
    } catch {
      return;
    }
    this.pending.get(reply.id)?.onReply(reply);
  }

  private ended(reason: string): void {
    this.stopTrickle();
    for (const pending of this.pending.values()) pending.onReply({ type: 'error', id: 0, message: reason });
    this.pending.clear();
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener(reason);
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Marks a step of opening a session on the page's performance timeline (bench/playback reads them). */
function mark(step: string): void {
  performance.mark(`vigil:playback:${step}`);
}

/**
 * Resolves GATHER_SETTLE_MS after the first candidate the streamer can use: any candidate
 * without ICE servers (host), a server-reflexive or relay one with them. Listens from before
 * setLocalDescription so no candidate is missed.
 */
function firstUsableCandidate(pc: RTCPeerConnection, withServers: boolean): Promise<void> {
  return new Promise((resolve) => {
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      const type = event.candidate?.type;
      if (!event.candidate?.candidate || (withServers && type !== 'srflx' && type !== 'relay')) return;
      pc.removeEventListener('icecandidate', onCandidate);
      setTimeout(resolve, GATHER_SETTLE_MS);
    };
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * The candidates this viewer gathers after its offer is taken (from now on), held until
 * `forward` gets where to send them; then sent as they come, and null once gathering completes.
 */
function laterCandidates(pc: RTCPeerConnection): { forward(send: (candidate: IceCandidate | null) => void): void } {
  const held: (IceCandidate | null)[] = [];
  let send: ((candidate: IceCandidate | null) => void) | undefined;
  const onCandidate = (event: RTCPeerConnectionIceEvent) => {
    const c = event.candidate;
    const candidate: IceCandidate | null = c && c.candidate ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment } : null;
    if (c && !c.candidate) return;
    if (send) send(candidate);
    else held.push(candidate);
    if (candidate === null) pc.removeEventListener('icecandidate', onCandidate);
  };
  pc.addEventListener('icecandidate', onCandidate);
  return {
    forward(to) {
      send = to;
      for (const candidate of held.splice(0)) to(candidate);
    },
  };
}

/** Waits until gathering completes, `usable` resolves, or GATHER_TIMEOUT_MS. */
function gathered(pc: RTCPeerConnection, usable?: Promise<void>): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    const done = () => (clearTimeout(timer), resolve());
    void usable?.then(done);
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
  });
}

function opened(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('could not reach the streamer for playback (no connection)')), OPEN_TIMEOUT_MS);
    channel.addEventListener('open', () => (clearTimeout(timer), resolve()), { once: true });
    channel.addEventListener('close', () => (clearTimeout(timer), reject(new Error('the streamer closed the playback connection'))), { once: true });
  });
}
