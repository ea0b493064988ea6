/**
 * The few RTP header fields the fan-out needs, read straight from the packet without copying
 * (RFC 3550 §5.1), so the hot path never builds objects for packets it only forwards.
 */

/** Header fields of one RTP packet. */
export interface RtpInfo {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
  /** Offset of the payload in the packet. */
  payloadOffset: number;
  /** Payload length (padding excluded). */
  payloadLength: number;
}

/** True for RTCP sent to the same port (RFC 5761 §4: packet types 192-223 in the second byte). */
export function isRtcp(packet: Buffer): boolean {
  const second = packet[1] ?? 0;
  return second >= 192 && second <= 223;
}

/** The payload of a packet parsed by parseRtp (no copy). */
export function rtpPayload(packet: Buffer, info: RtpInfo): Buffer {
  return packet.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength);
}

/** Parses an RTP header; undefined when the packet is not RTP version 2 or is truncated. */
export function parseRtp(packet: Buffer): RtpInfo | undefined {
  if (packet.length < 12) return undefined;
  const first = packet[0]!;
  if (first >> 6 !== 2) return undefined;
  const csrcCount = first & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  const padding = first & 0x20 ? packet[packet.length - 1]! : 0;
  const payloadLength = packet.length - offset - padding;
  if (payloadLength <= 0) return undefined;
  const second = packet[1]!;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payloadOffset: offset,
    payloadLength,
  };
}
