/**
 * H.264 and H.265 RTP payloads back into access units (RFC 6184: single NAL units, STAP-A, FU-A;
 * RFC 7798: single NAL units, aggregation and fragmentation units): the NAL units of one picture, ended by the marker bit or by a packet with a new timestamp. A lost packet
 * (a gap in sequence numbers) spoils the picture it falls in; pictures are then dropped until the
 * next keyframe, since a decoder cannot use them.
 */
import type { RtpInfo } from './rtp.ts';
import { AGGREGATION, FRAGMENTATION, isKeyframeNal, nalType as hevcNalType } from './h265.ts';

/** The video codecs a camera's packets may carry. */
export type VideoCodec = 'h264' | 'h265';

/** One picture's NAL units (no start codes, no length prefixes). */
export interface AccessUnit {
  /** RTP timestamp (90 kHz). */
  timestamp: number;
  nals: Buffer[];
  /** Holds an IDR slice (H.264) or an IRAP picture (H.265). */
  keyframe: boolean;
}

/** How one codec's RTP payload format lays out NAL units. */
interface PayloadFormat {
  /** Bytes of a NAL unit header (also the offset of a fragmentation unit's FU header). */
  headerBytes: number;
  nalType(firstByte: number): number;
  aggregation: number;
  fragmentation: number;
  /** Highest type of a single NAL unit packet. */
  maxSingle: number;
  isKeyframe(type: number): boolean;
}

const FORMATS: Record<VideoCodec, PayloadFormat> = {
  h264: { headerBytes: 1, nalType: (b) => b & 0x1f, aggregation: 24, fragmentation: 28, maxSingle: 23, isKeyframe: (t) => t === 5 },
  h265: { headerBytes: 2, nalType: hevcNalType, aggregation: AGGREGATION, fragmentation: FRAGMENTATION, maxSingle: 47, isKeyframe: isKeyframeNal },
};

/** Turns a stream of RTP packets into access units. */
export class Depacketizer {
  private readonly format: PayloadFormat;
  private nals: Buffer[] = [];
  private timestamp: number | undefined;
  private fragment: Buffer[] | undefined;
  private lastSequence: number | undefined;
  private broken = false;
  /** Waiting for a keyframe after a loss (or before the first one). */
  private waitKeyframe = true;

  constructor(readonly codec: VideoCodec = 'h264') {
    this.format = FORMATS[codec];
  }

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
    const { headerBytes, aggregation, fragmentation, maxSingle } = this.format;
    if (payload.length < headerBytes) return;
    const type = this.format.nalType(payload[0]!);
    if (type === aggregation) {
      for (let at = headerBytes; at + 2 <= payload.length; ) {
        const size = payload.readUInt16BE(at);
        if (size === 0 || at + 2 + size > payload.length) break;
        this.nals.push(payload.subarray(at + 2, at + 2 + size));
        at += 2 + size;
      }
    } else if (type === fragmentation) {
      if (payload.length < headerBytes + 1) return;
      const fu = payload[headerBytes]!;
      if (fu & 0x80) this.fragment = [this.fragmentHeader(payload, fu)];
      if (!this.fragment) {
        this.broken = true; // the start of this NAL unit was lost
        return;
      }
      this.fragment.push(payload.subarray(headerBytes + 1));
      if (fu & 0x40) {
        this.nals.push(Buffer.concat(this.fragment));
        this.fragment = undefined;
      }
    } else if (type <= maxSingle && (type >= 1 || this.codec === 'h265')) {
      this.nals.push(payload);
    }
  }

  // The fragmented NAL unit's own header: the payload header with the FU header's type in it.
  private fragmentHeader(payload: Buffer, fu: number): Buffer {
    if (this.codec === 'h264') return Buffer.from([(payload[0]! & 0xe0) | (fu & 0x1f)]);
    return Buffer.from([(payload[0]! & 0x81) | ((fu & 0x3f) << 1), payload[1]!]);
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
    const keyframe = nals.some((nal) => this.format.isKeyframe(this.format.nalType(nal[0]!)));
    if (broken) {
      this.waitKeyframe = true;
      return undefined;
    }
    if (this.waitKeyframe && !keyframe) return undefined;
    this.waitKeyframe = false;
    return { timestamp, nals, keyframe };
  }
}
