/**
 * H.264 RTP payload inspection (RFC 6184): does this packet start a keyframe? A keyframe here is
 * an access unit that begins with SPS or an IDR slice, because the encoders the engine drives
 * (and dump_extra for copied streams) put SPS/PPS in front of every IDR.
 */

const NAL_IDR = 5;
const NAL_SPS = 7;
const STAP_A = 24;
const FU_A = 28;

/** True when the payload carries an SPS or the first fragment of an IDR slice. */
export function startsKeyframe(packet: Buffer, offset: number, length: number): boolean {
  if (length < 1) return false;
  const type = packet[offset]! & 0x1f;
  if (type === NAL_IDR || type === NAL_SPS) return true;
  if (type === FU_A) {
    if (length < 2) return false;
    const header = packet[offset + 1]!;
    return (header & 0x80) !== 0 && (header & 0x1f) === NAL_IDR;
  }
  if (type === STAP_A) {
    let at = offset + 1;
    const end = offset + length;
    while (at + 2 < end) {
      const size = packet.readUInt16BE(at);
      const nal = packet[at + 2]! & 0x1f;
      if (nal === NAL_IDR || nal === NAL_SPS) return true;
      at += 2 + size;
    }
  }
  return false;
}
