/**
 * Sends one session's packets through werift's DTLS transport (SRTP) directly. werift's
 * RTCRtpSender.sendRtp also builds header extensions, NTP time, bandwidth-estimator samples and
 * a retransmission copy for every packet; for a forwarder that is about a quarter of the CPU per
 * packet (see bench/RESULTS.md). This keeps what a forwarder needs: the negotiated SSRC and
 * payload type, and answers to NACKs from a short history of its own.
 *
 * With the AES_CM_128_HMAC_SHA1_80 profile the packets are protected by an SrtpProtector
 * (srtp.ts: no crypto objects per packet) made from the session keys werift derived, and go
 * straight to the nominated ICE pair's socket (route.ts); with AES-GCM they go through werift's own SRTP.
 */
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, type GenericNack, type RTCDtlsTransport, type RTCRtpSender } from 'werift';
import { ViewerRoute } from './route.ts';
import type { RtpInfo } from './rtp.ts';
import { SrtpProtector } from './srtp.ts';

/** Packets kept for retransmission; default 512 (about 4 s at 1 Mb/s). */
export const DEFAULT_NACK_HISTORY = 512;

const ignore = () => undefined;

/** LeanSender options. */
export interface LeanSenderOptions {
  /** Packets kept for retransmission; default DEFAULT_NACK_HISTORY. */
  historySize?: number;
  /** Protect with werift's SrtpSession and send through its ICE connection (the slower path). */
  weriftSrtp?: boolean;
}

/** A lean RTP sender on top of a negotiated werift sender. */
export class LeanSender {
  // Retransmission history, one slot per sequence number modulo its size (no object per packet).
  private readonly sequences: Int32Array;
  private readonly timestamps: Uint32Array;
  private readonly rollovers: Uint32Array;
  private readonly markers: Uint8Array;
  private readonly payloads: Array<Buffer | undefined>;
  private readonly unsubscribe: () => void;
  private extension: { id: number; payload: Buffer } | undefined;
  // The protector and the werift SRTP session (and payload type) it was made for.
  private fast: { srtp: object; payloadType: number; protector: SrtpProtector | undefined } | undefined;
  private route: ViewerRoute | undefined;

  constructor(
    private readonly sender: RTCRtpSender,
    private readonly options: LeanSenderOptions = {},
  ) {
    const historySize = options.historySize ?? DEFAULT_NACK_HISTORY;
    this.sequences = new Int32Array(historySize).fill(-1);
    this.timestamps = new Uint32Array(historySize);
    this.rollovers = new Uint32Array(historySize);
    this.markers = new Uint8Array(historySize);
    this.payloads = new Array<Buffer | undefined>(historySize);
    this.unsubscribe = sender.onGenericNack.subscribe((nack) => this.retransmit(nack)).unSubscribe;
  }

  /** Adds a header extension to every packet (the playout-delay hint). */
  setExtension(id: number, payload: Buffer): void {
    this.extension = { id, payload };
    this.fast = undefined;
  }

  /** Sends a payload with the session's numbering; drops it until DTLS is up. */
  send(info: RtpInfo, payload: Buffer, sequenceNumber: number, timestamp: number): void {
    const transport = this.sender.dtlsTransport;
    const payloadType = this.sender.codec?.payloadType;
    if (!transport || transport.state !== 'connected' || payloadType === undefined) return;
    const protector = this.protectorFor(transport, payloadType);
    const rollover = protector ? protector.rolloverFor(sequenceNumber) : 0;
    const slot = sequenceNumber % this.sequences.length;
    this.sequences[slot] = sequenceNumber;
    this.timestamps[slot] = timestamp;
    this.rollovers[slot] = rollover;
    this.markers[slot] = info.marker ? 1 : 0;
    this.payloads[slot] = payload;
    this.transmit(transport, protector, payloadType, payload, info.marker, sequenceNumber, timestamp, rollover);
  }

  /** Stops answering NACKs. */
  stop(): void {
    this.unsubscribe();
    this.payloads.fill(undefined);
    this.sequences.fill(-1);
  }

  private transmit(transport: RTCDtlsTransport, protector: SrtpProtector | undefined, payloadType: number, payload: Buffer, marker: boolean, sequenceNumber: number, timestamp: number, rollover: number): void {
    if (protector) {
      const packet = protector.protect({ marker, sequenceNumber, timestamp }, payload, rollover);
      // werift's test switch (keep `outboundPacketLoss` percent of packets), as its sendRtp does.
      const keep = transport.config.debug?.outboundPacketLoss;
      if (keep && keep / 100 < Math.random()) return;
      transport.bytesSent += packet.length;
      transport.packetsSent++;
      const connection = transport.iceTransport.connection;
      if (this.route?.connection !== connection) this.route = new ViewerRoute(connection);
      this.route.send(packet);
      return;
    }
    const header = new RtpHeader({ marker, payloadType, sequenceNumber, timestamp, ssrc: this.sender.ssrc });
    if (this.extension) header.extensions = [this.extension];
    transport.sendRtp(payload, header).catch(ignore);
  }

  /** The fast protector for the transport's current SRTP keys; undefined when werift must protect. */
  private protectorFor(transport: RTCDtlsTransport, payloadType: number): SrtpProtector | undefined {
    const srtp = transport.srtp as RTCDtlsTransport['srtp'] | undefined;
    if (!srtp || this.options.weriftSrtp === true) return undefined;
    if (this.fast?.srtp === srtp && this.fast.payloadType === payloadType) return this.fast.protector;
    const context = srtp.localContext;
    let protector: SrtpProtector | undefined;
    if (context.profile === ProtectionProfileAes128CmHmacSha1_80) {
      const template = new RtpHeader({ payloadType, ssrc: this.sender.ssrc });
      if (this.extension) template.extensions = [this.extension];
      protector = new SrtpProtector({ key: context.srtpSessionKey, salt: context.srtpSessionSalt, authKey: context.srtpSessionAuthTag }, template.serialize(template.serializeSize));
    }
    this.fast = { srtp, payloadType, protector };
    return protector;
  }

  private retransmit(nack: GenericNack): void {
    const transport = this.sender.dtlsTransport;
    const payloadType = this.sender.codec?.payloadType;
    if (!transport || transport.state !== 'connected' || payloadType === undefined) return;
    const protector = this.protectorFor(transport, payloadType);
    for (const sequenceNumber of nack.lost) {
      const slot = sequenceNumber % this.sequences.length;
      const payload = this.payloads[slot];
      if (!payload || this.sequences[slot] !== sequenceNumber) continue;
      // Same index and rollover counter as the first time: the same SRTP bytes.
      this.transmit(transport, protector, payloadType, payload, this.markers[slot] === 1, sequenceNumber, this.timestamps[slot]!, this.rollovers[slot]!);
    }
  }
}
