/**
 * Sends one session's packets through werift's DTLS transport (SRTP) directly. werift's
 * RTCRtpSender.sendRtp also builds header extensions, NTP time, bandwidth-estimator samples and
 * a retransmission copy for every packet; for a forwarder that is about a quarter of the CPU per
 * packet (see bench/RESULTS.md). This keeps what a forwarder needs: the negotiated SSRC and
 * payload type, and answers to NACKs from a short history of its own.
 */
import { RtpHeader, type GenericNack, type RTCRtpSender } from 'werift';
import type { RtpInfo } from './rtp.ts';

/** Packets kept for retransmission; default 512 (about 4 s at 1 Mb/s). */
export const DEFAULT_NACK_HISTORY = 512;

interface Sent {
  header: RtpHeader;
  payload: Buffer;
}

/** A lean RTP sender on top of a negotiated werift sender. */
export class LeanSender {
  private readonly history: Array<Sent | undefined>;
  private readonly unsubscribe: () => void;
  private extension: { id: number; payload: Buffer } | undefined;

  constructor(
    private readonly sender: RTCRtpSender,
    historySize = DEFAULT_NACK_HISTORY,
  ) {
    this.history = new Array<Sent | undefined>(historySize);
    this.unsubscribe = sender.onGenericNack.subscribe((nack) => this.retransmit(nack)).unSubscribe;
  }

  /** Adds a header extension to every packet (the playout-delay hint). */
  setExtension(id: number, payload: Buffer): void {
    this.extension = { id, payload };
  }

  /** Sends a payload with the session's numbering; drops it until DTLS is up. */
  send(info: RtpInfo, payload: Buffer, sequenceNumber: number, timestamp: number): void {
    const transport = this.sender.dtlsTransport;
    const payloadType = this.sender.codec?.payloadType;
    if (!transport || transport.state !== 'connected' || payloadType === undefined) return;
    const header = new RtpHeader({ marker: info.marker, payloadType, sequenceNumber, timestamp, ssrc: this.sender.ssrc });
    if (this.extension) header.extensions = [this.extension];
    this.history[sequenceNumber % this.history.length] = { header, payload };
    transport.sendRtp(payload, header).catch(() => undefined);
  }

  /** Stops answering NACKs. */
  stop(): void {
    this.unsubscribe();
    this.history.fill(undefined);
  }

  private retransmit(nack: GenericNack): void {
    const transport = this.sender.dtlsTransport;
    for (const sequenceNumber of nack.lost) {
      const sent = this.history[sequenceNumber % this.history.length];
      if (sent && sent.header.sequenceNumber === sequenceNumber) transport.sendRtp(sent.payload, sent.header).catch(() => undefined);
    }
  }
}
