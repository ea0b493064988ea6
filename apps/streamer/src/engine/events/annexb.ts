/**
 * H.264 RTP packets (RFC 6184, packetization-mode 1: single NAL units, STAP-A, FU-A) → an Annex-B
 * byte stream that ffmpeg's `-f h264` reads. Used on the GOP cache of a live feed when an event
 * wants a colour picture; the live path itself forwards packets and never depacketises.
 */
import { parseRtp, rtpPayload } from '../live/rtp.ts';

const START_CODE = Buffer.from([0, 0, 0, 1]);
const STAP_A = 24;
const FU_A = 28;

/** The Annex-B stream of a run of packets and how many whole access units (pictures) it holds. */
export interface AnnexB {
  stream: Buffer;
  accessUnits: number;
}

/**
 * Depacketises `packets` (oldest first, one RTP packet each). Packets after the last one with the
 * marker bit are left out: the newest picture may still be arriving, and half a picture decodes
 * as a smeared one. An FU-A whose start or middle was lost is dropped whole.
 */
export function rtpToAnnexB(packets: readonly Buffer[]): AnnexB {
  const parts: Buffer[] = [];
  let accessUnits = 0;
  let fragment: Buffer[] | undefined;
  let lastSequence: number | undefined;
  // Parts of the access unit being read; committed to `parts` when its marker packet arrives.
  let unit: Buffer[] = [];
  for (const packet of packets) {
    const info = parseRtp(packet);
    if (!info) continue;
    const payload = rtpPayload(packet, info);
    const gap = lastSequence !== undefined && info.sequenceNumber !== ((lastSequence + 1) & 0xffff);
    lastSequence = info.sequenceNumber;
    if (gap) fragment = undefined;
    const type = payload[0]! & 0x1f;
    if (type === FU_A) {
      if (payload.length < 2) continue;
      const header = payload[1]!;
      if (header & 0x80) fragment = [Buffer.from([(payload[0]! & 0xe0) | (header & 0x1f)])];
      if (!fragment) continue;
      fragment.push(payload.subarray(2));
      if (header & 0x40) {
        unit.push(START_CODE, ...fragment);
        fragment = undefined;
      }
    } else if (type === STAP_A) {
      for (let at = 1; at + 2 <= payload.length; ) {
        const size = payload.readUInt16BE(at);
        if (size === 0 || at + 2 + size > payload.length) break;
        unit.push(START_CODE, payload.subarray(at + 2, at + 2 + size));
        at += 2 + size;
      }
    } else if (type >= 1 && type <= 23) {
      unit.push(START_CODE, payload);
    }
    if (info.marker && unit.length > 0) {
      parts.push(...unit);
      unit = [];
      accessUnits++;
    }
  }
  return { stream: Buffer.concat(parts), accessUnits };
}
