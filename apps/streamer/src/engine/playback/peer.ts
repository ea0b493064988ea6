/**
 * A playback session's connection: a werift RTCPeerConnection with no media, only the viewer's
 * "playback" data channel. The browser offers; the engine answers after ICE gathering (bounded:
 * 150 ms with STUN or TURN servers, whose candidates then trickle through `onCandidate`, as for
 * live view), and takes trickled candidates too. The answer is signed by the bridge like a live answer, so the
 * DTLS fingerprints in both SDPs bind the channel to the authorised viewer.
 */
import { randomUUID } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel, type RTCPeerConnectionConfig } from 'werift';
import { PLAYBACK_CHANNEL } from '@vigil/shared/recording';
import type { IceCandidate } from '@vigil/shared/signaling';
import { addRemoteCandidate, answerOffer, gatherWait, trickleCandidates, type IceCandidateInit } from '../webrtc/answer.ts';

/** Peer limits, each with its default. */
export interface PeerOptions {
  /** Longest wait for ICE gathering before answering; default 2000 ms, 150 ms with STUN or TURN servers. */
  gatherTimeoutMs?: number;
  /** How long a disconnected peer may recover before it closes; default 10 000 ms. */
  disconnectTimeoutMs?: number;
  /** ICE servers for remote viewers, port range; none by default (LAN). A function is called per peer. */
  rtc?: Partial<RTCPeerConnectionConfig> | (() => Partial<RTCPeerConnectionConfig>);
  /** More candidates to advertise in the answer (see live/session.ts). */
  advertise?: (candidate: { candidate: string }) => { candidate: string }[];
}

/** One playback connection. */
export class PlaybackPeer {
  readonly id = randomUUID();
  answerSdp = '';
  private readonly pc: RTCPeerConnection;
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;
  private disconnectTimer: NodeJS.Timeout | undefined;
  private readonly trickle: ReturnType<typeof trickleCandidates>;
  private readonly gatherTimeoutMs: number | undefined;

  private constructor(private readonly options: PeerOptions, onChannel: (channel: RTCDataChannel) => void) {
    const rtc = typeof options.rtc === 'function' ? options.rtc() : options.rtc;
    this.gatherTimeoutMs = gatherWait(options.gatherTimeoutMs, rtc?.iceServers);
    this.pc = new RTCPeerConnection({ iceServers: [], ...rtc });
    this.trickle = trickleCandidates(this.pc, options.advertise);
    this.pc.onDataChannel.subscribe((channel) => {
      if (channel.label === PLAYBACK_CHANNEL) onChannel(channel);
      else channel.close();
    });
    this.pc.connectionStateChange.subscribe((state) => {
      clearTimeout(this.disconnectTimer);
      if (state === 'disconnected') this.disconnectTimer = setTimeout(() => void this.close(), options.disconnectTimeoutMs ?? 10_000);
      else if (state === 'failed' || state === 'closed') void this.close();
    });
  }

  /** Answers a data-channel-only offer; the channel arrives through `onChannel` once open. */
  static async answer(offerSdp: string, onChannel: (channel: RTCDataChannel) => void, options: PeerOptions = {}): Promise<PlaybackPeer> {
    if (/^m=(video|audio)/m.test(offerSdp) || !/^m=application/m.test(offerSdp)) {
      throw new Error('a playback offer carries one data channel and no media');
    }
    const peer = new PlaybackPeer(options, onChannel);
    try {
      peer.answerSdp = await answerOffer(peer.pc, offerSdp, { gatherTimeoutMs: peer.gatherTimeoutMs, advertise: options.advertise });
    } catch (error) {
      await peer.close();
      throw error;
    }
    return peer;
  }

  /** Reports the engine's candidates to trickle (those already in the answer are replayed too). */
  onCandidate(callback: (candidate: IceCandidateInit) => void): void {
    this.trickle.listen(callback);
  }

  /** Adds a candidate the viewer trickled. */
  async addIceCandidate(candidate: IceCandidate | null): Promise<void> {
    // The end of candidates (null) is not passed on: a data channel needs no more.
    if (!this.closed && candidate) await addRemoteCandidate(this.pc, candidate);
  }

  /** True once closed (an offer without usable candidates fails while it is being answered). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Called once when the peer closes for any reason. */
  onClose(callback: () => void): void {
    if (this.closed) callback();
    else this.closeListeners.push(callback);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    await this.pc.close().catch(() => undefined);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
