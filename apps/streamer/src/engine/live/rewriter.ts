/**
 * Per-session RTP numbering. The browser must see one unbroken stream: its own SSRC (werift sets
 * it), consecutive sequence numbers and timestamps that only move forward, whatever happens to
 * the camera: a viewer joining mid-GOP, a replay after a keyframe request, or a new ffmpeg with a
 * new SSRC and random numbering after a restart.
 */
import type { FeedPacket } from './feed.ts';

/** RTP clock rate of H.264 video (the default; Opus audio runs at 48 kHz). */
const VIDEO_CLOCK_RATE = 90_000;
/** Spacing of replayed frames: small, so the browser shows them as one catch-up burst. */
const REPLAY_FRAME_TICKS = 90;

/** Where to put one packet in the session's numbering. */
export interface Rewritten {
  sequenceNumber: number;
  timestamp: number;
}

/** Sequence and timestamp state of one session. */
export class RtpRewriter {
  private sequence: number;
  private offset = 0;
  private epoch = -1;
  private lastTimestamp: number | undefined;
  private lastSentAt = 0;

  constructor(
    random: () => number = Math.random,
    private readonly clockRate = VIDEO_CLOCK_RATE,
  ) {
    this.sequence = Math.floor(random() * 0x10000);
    // Start the timeline at a random point, as RFC 3550 asks.
    this.lastTimestamp = undefined;
    this.offset = Math.floor(random() * 0x100000000);
  }

  /** Numbers a live packet; undefined means drop it (waiting for a keyframe of a new source). */
  live(packet: FeedPacket, now: number): Rewritten | undefined {
    if (packet.epoch !== this.epoch) {
      if (!packet.keyframeStart) return undefined;
      this.epoch = packet.epoch;
      if (this.lastTimestamp !== undefined) {
        // Bridge the gap with wall-clock time so the player keeps a sane pace.
        const gap = Math.max(REPLAY_FRAME_TICKS, Math.round(((now - this.lastSentAt) * this.clockRate) / 1000));
        this.offset = (this.lastTimestamp + gap - packet.info.timestamp) >>> 0;
      }
    }
    return this.emit(packet.info.timestamp, now);
  }

  /**
   * Numbers a replay of cached packets (a GOP from its keyframe) so its frames follow what was
   * sent before and sit close together, then continues live packets right after it.
   */
  replay(packets: readonly FeedPacket[], now: number): Rewritten[] {
    const first = packets[0];
    if (!first) return [];
    this.epoch = first.epoch;
    let outTimestamp = this.lastTimestamp === undefined ? this.offset : (this.lastTimestamp + REPLAY_FRAME_TICKS) >>> 0;
    let inTimestamp = first.info.timestamp;
    const out: Rewritten[] = [];
    for (const packet of packets) {
      if (packet.info.timestamp !== inTimestamp) {
        inTimestamp = packet.info.timestamp;
        outTimestamp = (outTimestamp + REPLAY_FRAME_TICKS) >>> 0;
      }
      this.offset = (outTimestamp - inTimestamp) >>> 0;
      out.push(this.emit(inTimestamp, now));
    }
    return out;
  }

  /** True once the session has a decodable start (a keyframe of the current source). */
  get started(): boolean {
    return this.epoch !== -1;
  }

  private emit(inTimestamp: number, now: number): Rewritten {
    const timestamp = (inTimestamp + this.offset) >>> 0;
    const sequenceNumber = this.sequence;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.lastTimestamp = timestamp;
    this.lastSentAt = now;
    return { sequenceNumber, timestamp };
  }
}
