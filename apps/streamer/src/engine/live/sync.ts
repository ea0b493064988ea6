/**
 * Lip sync. A browser plays a session's audio and video in step only when both streams carry RTCP
 * sender reports that put their RTP timestamps on one wall clock. ffmpeg writes such reports for
 * each of its RTP outputs, and with the same `-start_time_realtime` on both outputs they share one
 * timeline (pts 0 = that instant). Each session renumbers timestamps (rewriter.ts), so the engine
 * cannot forward ffmpeg's reports: it keeps ffmpeg's latest report per feed and, once a second,
 * sends its own for each stream: the capture time of the last packet it sent, and that packet's
 * timestamp in the session's numbering.
 */
import { RtcpSenderInfo, RtcpSrPacket } from 'werift';

/** ffmpeg's wall clock for one RTP timestamp of a feed (RFC 3550 §6.4.1). */
export interface SenderReport {
  ssrc: number;
  /** The report's NTP time as milliseconds since 1970. */
  wallMs: number;
  rtpTimestamp: number;
}

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

/** Reads a sender report (packet type 200); undefined for any other RTCP packet or a short one. */
export function readSenderReport(packet: Buffer): SenderReport | undefined {
  if (packet.length < 28 || packet[0]! >> 6 !== 2 || packet[1] !== 200) return undefined;
  const seconds = packet.readUInt32BE(8) - NTP_UNIX_OFFSET_S;
  const fraction = packet.readUInt32BE(12) / 0x1_0000_0000;
  return { ssrc: packet.readUInt32BE(4), wallMs: (seconds + fraction) * 1000, rtpTimestamp: packet.readUInt32BE(16) };
}

/** A 64-bit NTP timestamp for a time in milliseconds since 1970. */
export function ntpFromMs(ms: number): bigint {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 0x1_0000_0000);
  return (BigInt(seconds + NTP_UNIX_OFFSET_S) << 32n) | BigInt(fraction);
}

/** The capture time (ms since 1970) of a feed's RTP timestamp, by ffmpeg's report. */
export function captureMs(report: SenderReport, timestamp: number, clockRate: number): number {
  // Signed 32-bit distance: the packet may be just before or after the report, across a wrap.
  const ticks = ((timestamp - report.rtpTimestamp) << 0) | 0;
  return report.wallMs + (ticks * 1000) / clockRate;
}

/** What a session last sent on one stream, and its counts for the report. */
export class StreamSync {
  private inTimestamp: number | undefined;
  private outTimestamp = 0;
  private packets = 0;
  private octets = 0;

  constructor(readonly clockRate: number) {}

  /** Notes a sent packet: its source timestamp, the session's timestamp and payload size. */
  sent(inTimestamp: number, outTimestamp: number, payloadBytes: number): void {
    this.inTimestamp = inTimestamp;
    this.outTimestamp = outTimestamp;
    this.packets = (this.packets + 1) >>> 0;
    this.octets = (this.octets + payloadBytes) >>> 0;
  }

  /** The sender report for this stream, or undefined before a packet or without ffmpeg's report. */
  report(ssrc: number, source: SenderReport | undefined): RtcpSrPacket | undefined {
    if (this.inTimestamp === undefined || !source) return undefined;
    const ntpTimestamp = ntpFromMs(captureMs(source, this.inTimestamp, this.clockRate));
    return new RtcpSrPacket({ ssrc, senderInfo: new RtcpSenderInfo({ ntpTimestamp, rtpTimestamp: this.outTimestamp, packetCount: this.packets, octetCount: this.octets }) });
  }
}
