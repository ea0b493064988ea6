/**
 * H.264 RTP payloads (RFC 6184: single NAL units, STAP-A, FU-A) back into access units: the NAL
 * units of one picture, ended by the marker bit or by a packet with a new timestamp. A lost packet
 * (a gap in sequence numbers) spoils the picture it falls in; pictures are then dropped until the
 * next keyframe, since a decoder cannot use them.
 */
import type { RtpInfo } from './rtp.ts';

/** One picture's NAL units (no start codes, no length prefixes). */
export interface AccessUnit {
  /** RTP timestamp (90 kHz). */
  timestamp: number;
  nals: Buffer[];
  /** Holds an IDR slice. */
  keyframe: boolean;
}

const NAL_IDR = 5;
const STAP_A = 24;
const FU_A = 28;

/** Turns a stream of RTP packets into access units. */
export class H264Depacketizer {
  private nals: Buffer[] = [];
  private timestamp: number | undefined;
  private fragment: Buffer[] | undefined;
  private lastSequence: number | undefined;
  private broken = false;
  /** Waiting for a keyframe after a loss (or before the first one). */
  private waitKeyframe = true;

  /** Takes one packet; returns the access units it completes (usually none or one). */
  push(info: RtpInfo, payload: Buffer): AccessUnit[] {
    const done: AccessUnit[] = [];
    const complete = () => {
      const unit = this.finish();
      if (unit) done.push(unit);
    };
    // A new timestamp ends a picture whose marker packet was lost.
    if (this.timestamp !== undefined && info.timestamp !== this.timestamp) complete();
    if (this.lastSequence !== undefined && ((this.lastSequence + 1) & 0xffff) !== info.sequenceNumber) this.broken = true;
    this.lastSequence = info.sequenceNumber;
    this.timestamp = info.timestamp;
    this.read(payload);
    if (info.marker) complete();
    return done;
  }

  private read(payload: Buffer): void {
    if (payload.length < 1) return;
    const type = payload[0]! & 0x1f;
    if (type === STAP_A) {
      for (let at = 1; at + 2 <= payload.length; ) {
        const size = payload.readUInt16BE(at);
        if (size === 0 || at + 2 + size > payload.length) break;
        this.nals.push(payload.subarray(at + 2, at + 2 + size));
        at += 2 + size;
      }
    } else if (type === FU_A) {
      if (payload.length < 2) return;
      const header = payload[1]!;
      if (header & 0x80) this.fragment = [Buffer.from([(payload[0]! & 0xe0) | (header & 0x1f)])];
      if (!this.fragment) {
        this.broken = true; // the start of this NAL unit was lost
        return;
      }
      this.fragment.push(payload.subarray(2));
      if (header & 0x40) {
        this.nals.push(Buffer.concat(this.fragment));
        this.fragment = undefined;
      }
    } else if (type >= 1 && type <= 23) {
      this.nals.push(payload);
    }
  }

  private finish(): AccessUnit | undefined {
    const nals = this.nals;
    const timestamp = this.timestamp;
    const broken = this.broken || this.fragment !== undefined;
    this.nals = [];
    this.fragment = undefined;
    this.broken = false;
    this.timestamp = undefined;
    if (nals.length === 0 || timestamp === undefined) return undefined;
    const keyframe = nals.some((nal) => (nal[0]! & 0x1f) === NAL_IDR);
    if (broken) {
      this.waitKeyframe = true;
      return undefined;
    }
    if (this.waitKeyframe && !keyframe) return undefined;
    this.waitKeyframe = false;
    return { timestamp, nals, keyframe };
  }
}
