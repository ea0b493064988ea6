/**
 * One viewer: a werift RTCPeerConnection that answers the browser's offer and sends the camera's
 * H.264 packets (renumbered by an RtpRewriter) plus a data channel for events. When the offer has
 * no H.264, the same packets (and the sound) go as fragmented MP4 on the data channel instead (mse-stream.ts). The browser
 * offers (recvonly video + a data channel); the engine answers, after ICE gathering completes
 * (bounded) so non-trickle viewers get every candidate in the SDP, and also reports candidates
 * through onCandidate for trickle viewers. See README.md for the state sequence.
 */
import { randomUUID } from 'node:crypto';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RTCRtpHeaderExtensionParameters, useH264, useOPUS, type RTCDataChannel, type RTCPeerConnectionConfig, type RTCRtpSender } from 'werift';
import type { FeedPacket, FeedSink, LiveFeed } from './feed.ts';
import { RtpRewriter } from './rewriter.ts';
import { addRemoteCandidate, answerOffer, gatherWait, trickleCandidates, type IceCandidateInit } from '../webrtc/answer.ts';
import { LeanSender } from './sender.ts';
import { StreamSync } from './sync.ts';
import { OPUS_CLOCK_RATE } from '../ffmpeg/audio.ts';
import type { TalkNotice } from '@vigil/shared/audio';
import type { TalkLine } from '../talk/service.ts';
import { MseStream } from './mse-stream.ts';
import { keepInactiveVideo, offeredVideoCodec, offersH264 } from './sdp.ts';
import type { LivePathReason } from '@vigil/shared/live';

export type { IceCandidateInit } from '../webrtc/answer.ts';

/** Session limits, each with its default. */
export interface SessionOptions {
  /**
   * Longest wait for ICE gathering before answering; default 2000 ms with host candidates only,
   * and 150 ms with STUN or TURN servers: the answer then carries the host candidates and the
   * rest trickle after it, so the first frame never waits for a server far away.
   */
  gatherTimeoutMs?: number;
  /** Fewest milliseconds between two GOP replays answering keyframe requests; default 1000. */
  keyframeReplayIntervalMs?: number;
  /** How long a disconnected session may try to recover before it closes; default 10000 ms. */
  disconnectTimeoutMs?: number;
  /**
   * How long an answered session may take to connect before it closes and frees its slot;
   * default 30000 ms. A viewer that takes an answer and never connects must not hold a slot.
   */
  connectTimeoutMs?: number;
  /** Events held while the data channel opens; older ones are dropped; default 100. */
  maxQueuedEvents?: number;
  /**
   * Ask the browser to show frames as soon as they are decoded (RTP playout-delay extension with
   * min = max = 0) instead of smoothing playback. Default false: in Chromium 156 it lowered the
   * median but made the latency bimodal (see bench/RESULTS.md), so plain playout is the default.
   */
  lowLatencyPlayout?: boolean;
  /**
   * Protect packets with werift's own SRTP and send them through its ICE connection instead of
   * the session's SrtpProtector and direct route (srtp.ts, route.ts). Default false; the
   * benchmark uses it to measure both paths in one run.
   */
  weriftSrtp?: boolean;
  /**
   * Extra werift configuration (ICE servers for remote viewing, port range). No STUN by default.
   * A function is called for each session (TURN credentials are minted per session).
   */
  rtc?: Partial<RTCPeerConnectionConfig> | (() => Partial<RTCPeerConnectionConfig>);
  /**
   * More candidates to advertise for each one gathered: the router's public address for a
   * host candidate whose port the router forwards (remote/candidates.ts).
   */
  advertise?: (candidate: IceCandidateInit) => IceCandidateInit[];
}

/** A viewer's live session, as the manager hands it out. */
export interface LiveSession {
  readonly id: string;
  readonly cameraId: string;
  /** The engine's answer; includes every candidate gathered within the gathering wait. */
  readonly answerSdp: string;
  /** Why the picture goes over the data channel as fMP4; undefined on the WebRTC track. */
  readonly fallback: LivePathReason | undefined;
  /** Adds a candidate the viewer trickled. */
  addIceCandidate(candidate: IceCandidateInit | null): Promise<void>;
  /**
   * Answers the viewer's ICE restart (its network changed): same session, same DTLS, new ICE
   * credentials and candidates; resolves with the new answer. Candidates the viewer trickles
   * meanwhile wait for it.
   */
  restartIce(offerSdp: string): Promise<string>;
  /** Reports the engine's candidates (those already in the answer are replayed too). */
  onCandidate(callback: (candidate: IceCandidateInit) => void): void;
  /** Sends a JSON event over the data channel (queued until it opens). */
  sendEvent(event: unknown): void;
  /** Closes the session. */
  close(): Promise<void>;
  /** Called once when the session closes for any reason. */
  onClose(callback: () => void): void;
}

/** Parameters of openLiveSession. */
export interface OpenSessionParams {
  cameraId: string;
  feed: LiveFeed;
  /** The camera's sound (Opus RTP), when it has some and viewers may hear it. */
  audio?: LiveFeed;
  /**
   * The viewer's way to talk through the camera's speaker, asked for when its offer sends audio
   * (talk/service.ts); notices go to the viewer over the data channel.
   */
  talk?: (notify: (notice: TalkNotice) => void) => TalkLine | undefined;
  offerSdp: string;
  options?: SessionOptions;
}

/** How often a session sends RTCP sender reports (lip sync); RFC 3550 suggests about 5 s, browsers sync faster with 1 s. */
const SENDER_REPORT_INTERVAL_MS = 1000;
/**
 * When the first sender reports go, in ms after forwarding starts (before the one-a-second ones):
 * the browser syncs the streams once it has two reports of each (bench/audio/sync.ts).
 */
const EARLY_REPORTS_MS = [150, 450];

/** The playout-delay header extension (Chromium's; min and max in 10 ms units, 12 bits each). */
const PLAYOUT_DELAY_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';
const PLAYOUT_DELAY_NONE = Buffer.from([0, 0, 0]);


/** Opens a session on a feed: negotiates, then forwards packets once DTLS is up. */
export async function openLiveSession(params: OpenSessionParams): Promise<LiveSession> {
  // No browser takes H.265 over WebRTC; a browser without H.264 takes neither.
  const fallback = params.feed.codec === 'h265' ? 'camera-h265' : offersH264(params.offerSdp) ? undefined : 'browser-lacks-h264';
  if (fallback && !/^m=application /m.test(params.offerSdp)) {
    throw new Error(
      fallback === 'camera-h265'
        ? 'the camera sends H.265, which browsers take only as fMP4 over the data channel, and this offer has none'
        : 'the offer has neither H.264 video nor a data channel to carry the picture',
    );
  }
  const session = new PeerSession(params.cameraId, params.feed, params.options ?? {}, params.audio, params.talk, fallback, offeredVideoCodec(params.offerSdp));
  try {
    await session.negotiate(params.offerSdp);
  } catch (error) {
    await session.close();
    throw error;
  }
  session.armConnectTimeout();
  return session;
}

class PeerSession implements LiveSession, FeedSink {
  readonly id = randomUUID();
  answerSdp = '';
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'video' });
  private sender: RTCRtpSender | undefined;
  private readonly rewriter = new RtpRewriter();
  private channel: RTCDataChannel | undefined;
  private readonly queue: string[] = [];
  /** STUN or TURN servers are configured: answer early and trickle (see gatherTimeoutMs). */
  /** How long an answer waits for ICE gathering (webrtc/answer.ts gatherWait). */
  private readonly gatherTimeoutMs: number | undefined;
  private readonly trickle: ReturnType<typeof trickleCandidates>;
  private readonly closeListeners: Array<() => void> = [];
  private forwarding = false;
  private closed = false;
  /** An ICE restart being answered: trickled candidates belong to it and wait. */
  private restarting: Promise<unknown> | undefined;
  private lastReplayAt = 0;
  private disconnectTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private lean: LeanSender | undefined;
  private readonly videoSync = new StreamSync(90_000);
  /** The camera's sound, once the browser's audio section was answered sendonly. */
  private sound: SoundSender | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
  private talkLine: TalkLine | undefined;
  private mse: MseStream | undefined;
  /** The data-channel path's way in for the camera's sound (its second track). */
  private mseSound: FeedSink | undefined;

  constructor(
    readonly cameraId: string,
    private readonly feed: LiveFeed,
    private readonly options: SessionOptions,
    private readonly audioFeed: LiveFeed | undefined,
    private readonly talk: OpenSessionParams['talk'] | undefined,
    readonly fallback: LivePathReason | undefined,
    offered: { mimeType: string; clockRate: number } | undefined,
  ) {
    const rtc = typeof options.rtc === 'function' ? options.rtc() : options.rtc;
    this.gatherTimeoutMs = gatherWait(options.gatherTimeoutMs, rtc?.iceServers);
    this.pc = new RTCPeerConnection({
      // Opus is listed only so an offer with an audio section is answered (inactive) instead of
      // failing whole: werift rejects any section it has no codec for. No audio is sent yet.
      // On the data-channel path the video section is answered inactive with the browser's own codec.
      codecs: { video: fallback && offered ? [new RTCRtpCodecParameters(offered)] : [useH264()], audio: [useOPUS()] },
      headerExtensions: { video: options.lowLatencyPlayout !== true ? [] : [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI })] },
      // No STUN unless configured: a LAN viewer needs host candidates only, and nothing leaves the
      // LAN (werift's own fallback to a public STUN server is removed in webrtc/answer.ts).
      iceServers: [],
      ...rtc,
    });
    this.trickle = trickleCandidates(this.pc, options.advertise);
    this.pc.onDataChannel.subscribe((channel) => this.useChannel(channel));
    this.pc.connectionStateChange.subscribe((state) => this.connectionChanged(state));
    // After an ICE restart werift keeps the connection "connecting" (DTLS never dropped): the new
    // pair's ICE state says the session is back.
    this.pc.iceConnectionStateChange.subscribe((state) => {
      if ((state === 'connected' || state === 'completed') && this.forwarding) {
        clearTimeout(this.disconnectTimer);
        this.disconnectTimer = undefined;
      }
    });
  }

  async negotiate(offerSdp: string): Promise<void> {
    this.answerSdp = await answerOffer(this.pc, offerSdp, {
      gatherTimeoutMs: this.gatherTimeoutMs,
      advertise: this.options.advertise,
      shape: async () => {
        const video = this.pc.getTransceivers().find((transceiver) => transceiver.kind === 'video');
        if (this.fallback) {
          for (const t of this.pc.getTransceivers()) t.setDirection('inactive');
          return;
        }
        if (!video) throw new Error('the offer has no video section');
        video.setDirection('sendonly');
        const audio = this.pc.getTransceivers().find((t) => t.kind === 'audio');
        for (const t of this.pc.getTransceivers()) if (t.kind === 'audio') t.setDirection('inactive');
        await video.sender.replaceTrack(this.track);
        // A viewer that offers to send audio may talk through the camera's speaker (behind its permission).
        this.talkLine = audio && audio.offerDirection === 'sendrecv' ? this.talk?.((notice) => this.sendEvent(notice)) : undefined;
        if (audio && this.talkLine) {
          audio.setDirection(this.audioFeed ? 'sendrecv' : 'recvonly');
          const line = this.talkLine;
          // The receiver's track exists once the offer is set (werift announced it then); later ones arrive on onTrack.
          const listen = (track: MediaStreamTrack) => track.onReceiveRtp.subscribe((rtp) => !this.closed && line.push(rtp.serialize()));
          listen(audio.receiver.track);
          audio.onTrack.subscribe((track) => track !== audio.receiver.track && listen(track));
        }
        if (audio && this.audioFeed) {
          // One stream id for both tracks: the browser syncs the tracks of one stream (lip sync).
          if (!this.talkLine) audio.setDirection('sendonly');
          this.sound = new SoundSender(this.audioFeed, audio.sender, this.options);
          await audio.sender.replaceTrack(this.sound.track);
          video.sender.streamIds = audio.sender.streamIds = [this.id];
        }
        this.sender = video.sender;
        this.lean = new LeanSender(video.sender, { weriftSrtp: this.options.weriftSrtp });
        const playoutDelayId = video.headerExtensions.find((extension) => extension.uri === PLAYOUT_DELAY_URI)?.id;
        if (playoutDelayId !== undefined) this.lean.setExtension(playoutDelayId, PLAYOUT_DELAY_NONE);
      },
    });
    if (this.fallback) this.answerSdp = keepInactiveVideo(this.answerSdp);
  }

  async restartIce(offerSdp: string): Promise<string> {
    if (this.closed) throw new Error('the session has ended');
    // werift would take the new credentials as a renomination (it does when a section is
    // inactive, as the audio one is) and never check again: the restart is made explicit.
    for (const transport of this.pc.iceTransports) transport.restart();
    const answered = answerOffer(this.pc, offerSdp, { gatherTimeoutMs: this.gatherTimeoutMs, advertise: this.options.advertise });
    this.restarting = answered;
    // The old pair is gone: the new one gets the same time to connect as a disconnected session.
    clearTimeout(this.disconnectTimer);
    this.disconnectTimer = setTimeout(() => void this.close(), this.options.disconnectTimeoutMs ?? 10_000);
    try {
      this.answerSdp = this.fallback ? keepInactiveVideo(await answered) : await answered;
      // werift starts ICE only while DTLS is not connected; after a restart DTLS still is, so the
      // new generation's connectivity checks are started here.
      for (const transport of this.pc.iceTransports) if (!transport.connection.nominated) transport.start().catch(() => undefined);
      return this.answerSdp;
    } finally {
      if (this.restarting === answered) this.restarting = undefined;
    }
  }

  /** Closes the session unless it connects within connectTimeoutMs (started once answered). */
  armConnectTimeout(): void {
    if (this.forwarding || this.closed) return;
    this.connectTimer = setTimeout(() => !this.forwarding && void this.close(), this.options.connectTimeoutMs ?? 30_000);
  }

  async addIceCandidate(candidate: IceCandidateInit | null): Promise<void> {
    if (this.restarting) await this.restarting.catch(() => undefined);
    if (!this.closed) await addRemoteCandidate(this.pc, candidate);
  }


  onCandidate(callback: (candidate: IceCandidateInit) => void): void {
    this.trickle.listen(callback);
  }

  sendEvent(event: unknown): void {
    if (this.closed) return;
    const text = JSON.stringify(event);
    if (this.channel?.readyState === 'open') {
      this.channel.send(text);
      return;
    }
    this.queue.push(text);
    const max = this.options.maxQueuedEvents ?? 100;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
  }

  onClose(callback: () => void): void {
    if (this.closed) callback();
    else this.closeListeners.push(callback);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.connectTimer);
    this.feed.detach(this);
    if (this.mseSound) this.audioFeed?.detach(this.mseSound);
    this.lean?.stop();
    this.sound?.stop();
    this.talkLine?.close();
    clearTimeout(this.reportTimer);
    this.track.stop();
    await this.pc.close().catch(() => undefined);
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /** Receives a live packet from the feed. */
  push(packet: FeedPacket): void {
    if (!this.forwarding) return;
    if (this.mse) return this.mse.push(packet);
    const numbers = this.rewriter.live(packet, Date.now());
    if (numbers) this.send(packet, numbers.sequenceNumber, numbers.timestamp);
  }

  private connectionChanged(state: string): void {
    if (state === 'connected') {
      clearTimeout(this.connectTimer);
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = undefined;
      if (!this.forwarding) this.startForwarding();
    } else if (state === 'disconnected') {
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = setTimeout(() => void this.close(), this.options.disconnectTimeoutMs ?? 10_000);
    } else if (state === 'failed' || state === 'closed') {
      void this.close();
    }
  }

  private startForwarding(): void {
    this.forwarding = true;
    if (this.fallback) return this.startMse();
    this.sender?.onPictureLossIndication.subscribe(() => this.replay());
    // Chromium asks for keyframes with PLI; FIR arrives as generic RTCP.
    this.sender?.onRtcp.subscribe((packet) => {
      if ((packet as { feedback?: { count?: number } }).feedback?.count === 4) this.replay();
    });
    this.replay(true);
    this.feed.attach(this);
    if (this.sound) {
      this.sound.start();
      // Two reports early, then one a second: Chromium maps a stream's RTP time to the wall clock
      // only from its second report on, and until then plays sound and picture unsynced while its
      // jitter buffers settle apart; its sync then closes the gap by at most ~80 ms a second.
      const next = (i: number) => {
        this.reportTimer =
          i < EARLY_REPORTS_MS.length
            ? setTimeout(() => (this.sendReports(), next(i + 1)), EARLY_REPORTS_MS[i]! - (EARLY_REPORTS_MS[i - 1] ?? 0))
            : setInterval(() => this.sendReports(), SENDER_REPORT_INTERVAL_MS);
      };
      next(0);
    }
  }

  // Sender reports for both streams, on the camera's timeline (see sync.ts).
  private sendReports(): void {
    const transport = this.sender?.dtlsTransport;
    if (!transport || transport.state !== 'connected' || !this.sender) return;
    const reports = [this.videoSync.report(this.sender.ssrc, this.feed.senderReport), this.sound?.report()].filter((r) => r !== undefined);
    if (reports.length > 0) transport.sendRtcp(reports).catch(() => undefined);
  }

  // Sends the cached GOP so the viewer's decoder can start (or restart) at once.
  private replay(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastReplayAt < (this.options.keyframeReplayIntervalMs ?? 1000)) return;
    const cached = this.feed.cached();
    if (cached.length === 0) return;
    this.lastReplayAt = now;
    const numbers = this.rewriter.replay(cached, now);
    cached.forEach((packet, index) => {
      const slot = numbers[index]!;
      this.send(packet, slot.sequenceNumber, slot.timestamp);
    });
  }

  // The data-channel path starts once both the connection and the channel are up: the cached GOP
  // (the viewer starts at its keyframe), then live pictures.
  private startMse(): void {
    if (this.mse || !this.forwarding || this.closed || this.channel?.readyState !== 'open' || !this.fallback) return;
    // The camera's sound rides in the same stream as a second track, placed by both feeds' sender reports.
    const sound = this.audioFeed;
    const clocks = { video: () => this.feed.senderReport, ...(sound ? { audio: () => sound.senderReport } : {}) };
    const mse = new MseStream(this.channel, this.fallback, this.feed.codec, {}, clocks);
    this.mse = mse;
    for (const packet of this.feed.cached()) mse.push(packet);
    mse.primeSound();
    this.feed.attach(this);
    if (sound) {
      this.mseSound = { push: (packet) => mse.pushAudio(packet) };
      sound.attach(this.mseSound);
    }
  }

  private send(packet: FeedPacket, sequenceNumber: number, timestamp: number): void {
    if (this.closed) return;
    // The payload is shared by every session, never copied; source header extensions are dropped.
    this.lean?.send(packet.info, packet.payload, sequenceNumber, timestamp);
    this.videoSync.sent(packet.info.timestamp, timestamp, packet.info.payloadLength);
  }

  private useChannel(channel: RTCDataChannel): void {
    this.channel = channel;
    const flush = () => {
      for (const text of this.queue.splice(0)) channel.send(text);
      this.startMse();
    };
    if (channel.readyState === 'open') flush();
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') flush();
    });
  }
}

/** A session's audio: the camera's Opus packets renumbered for this viewer and sent as they come. */
class SoundSender implements FeedSink {
  readonly track = new MediaStreamTrack({ kind: 'audio' });
  private readonly rewriter = new RtpRewriter(Math.random, OPUS_CLOCK_RATE);
  private readonly sync = new StreamSync(OPUS_CLOCK_RATE);
  private readonly lean: LeanSender;

  constructor(
    private readonly feed: LiveFeed,
    private readonly sender: RTCRtpSender,
    options: SessionOptions,
  ) {
    this.lean = new LeanSender(sender, { weriftSrtp: options.weriftSrtp });
  }

  start(): void {
    this.feed.attach(this);
  }

  stop(): void {
    this.feed.detach(this);
    this.lean.stop();
    this.track.stop();
  }

  push(packet: FeedPacket): void {
    const numbers = this.rewriter.live(packet, Date.now());
    if (!numbers) return;
    this.lean.send(packet.info, packet.payload, numbers.sequenceNumber, numbers.timestamp);
    this.sync.sent(packet.info.timestamp, numbers.timestamp, packet.info.payloadLength);
  }

  report() {
    return this.sync.report(this.sender.ssrc, this.feed.senderReport);
  }
}
