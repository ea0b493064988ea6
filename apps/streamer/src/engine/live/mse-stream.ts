/**
 * The live path for a browser that cannot take the camera's codec as a WebRTC track: the feed's
 * packets, still the camera's own bytes, as fragmented MP4 on the session's data channel, for the
 * viewer's MediaSource (shared/src/live/path.ts). It starts at the cached keyframe (the GOP cache
 * goes out at once, the viewer skips to its end), sends one fragment per picture, and stays live
 * when the channel backs up: above `highWaterBytes` pictures are dropped until a keyframe finds the
 * buffer below `lowWaterBytes`, and each picture starts where the last one
 * sent ended, so the viewer's buffer has no hole to stall on. With the camera's sound (`clocks.audio`)
 * the stream has a second track: its Opus packets, placed on the picture's timeline by both feeds'
 * sender reports (lip sync) and kept without holes by mse-sound.ts.
 */
import type { LivePathMessage, LivePathReason } from '@vigil/shared/live';
import type { ByteChannel } from '../playback/channel.ts';
import { Depacketizer, type AccessUnit, type VideoCodec } from './depacketizer.ts';
import type { FeedPacket, FeedSink } from './feed.ts';
import { AUDIO_TIMESCALE, avc1Entry, fragment, hev1Entry, initSegment, opusEntry, soundFragment, TIMESCALE } from './fmp4.ts';
import { SoundTimeline, type SoundRun } from './mse-sound.ts';
import { captureMs, type SenderReport } from './sync.ts';
import { NAL_AUD as HEVC_AUD, NAL_PPS as HEVC_PPS, NAL_SPS as HEVC_SPS, NAL_VPS, nalType as hevcNalType, readHevcSps } from './h265.ts';
import { readSps } from './sps.ts';

/** Stream tuning, each with its default. */
export interface MseStreamOptions {
  /** Bytes per binary message; default 16 KiB (every browser takes it). */
  chunkBytes?: number;
  /** Pictures are dropped while more than this is buffered on the channel; default 1 MiB. */
  highWaterBytes?: number;
  /** …until a keyframe finds less than this; default 256 KiB. */
  lowWaterBytes?: number;
  /**
   * How far behind the picture the sound track is filled with silence when the camera's sound
   * stops (the viewer's MediaSource plays only what both tracks hold); default 0.5 s.
   */
  soundLagS?: number;
}

/**
 * Where the feeds' timestamps are on the camera's wall clock (their latest sender reports,
 * live/sync.ts); a feed without one yet is placed by arrival time.
 */
export interface MseClocks {
  video(): SenderReport | undefined;
  /** The sound feed's; given when the stream carries the camera's sound. */
  audio?(): SenderReport | undefined;
}

/** Duration assumed for a picture before a second one shows the rate (90 kHz: 1/30 s). */
const FIRST_DURATION = 3000;

/** What a stream's init segment is made of, from the parameter sets of a keyframe. */
interface StreamStart {
  /** The SPS it was made from (a new one starts a new stream). */
  sps: Buffer;
  codec: string;
  width: number;
  height: number;
  /** The video sample entry for the init segment. */
  entry: Buffer;
}

/** Per codec: NAL unit types (SPS, access-unit delimiter) and how a stream starts. */
const CODECS: Record<VideoCodec, { type(nal: Buffer): number; sps: number; aud: number; start(nals: Buffer[], type: (nal: Buffer) => number): StreamStart | undefined }> = {
  h264: {
    type: (nal) => nal[0]! & 0x1f,
    sps: 7,
    aud: 9,
    start(nals, type) {
      const [sps, pps] = [7, 8].map((t) => nals.find((nal) => type(nal) === t));
      if (!sps || !pps) return undefined;
      const info = readSps(sps);
      return { sps, codec: info.codec, width: info.width, height: info.height, entry: avc1Entry(info, sps, pps) };
    },
  },
  h265: {
    type: (nal) => hevcNalType(nal[0]!),
    sps: HEVC_SPS,
    aud: HEVC_AUD,
    start(nals, type) {
      const [vps, sps, pps] = [NAL_VPS, HEVC_SPS, HEVC_PPS].map((t) => nals.find((nal) => type(nal) === t));
      if (!vps || !sps || !pps) return undefined;
      const info = readHevcSps(sps);
      return { sps, codec: info.codec, width: info.width, height: info.height, entry: hev1Entry(info, vps, sps, pps) };
    },
  },
};

/** One session's fMP4 stream of one camera feed. */
export class MseStream implements FeedSink {
  private depacketizer: Depacketizer;
  private epoch: number | undefined;
  private sps: Buffer | undefined;
  private sequence = 0;
  private decodeTime = 0;
  private lastTimestamp: number | undefined;
  private duration = FIRST_DURATION;
  private dropping = false;
  private readonly chunkBytes: number;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly soundLag: number;
  private sound: SoundTimeline | undefined;
  /** The last picture sent: its place in the stream (90 kHz) and its capture time (ms since 1970). */
  private anchor: { decodeTime: number; captureMs: number } | undefined;
  /** Pictures dropped for a full channel, for figures and tests. */
  dropped = 0;

  constructor(
    private readonly channel: ByteChannel,
    private readonly reason: LivePathReason,
    private readonly codec: VideoCodec = 'h264',
    options: MseStreamOptions = {},
    private readonly clocks: MseClocks = { video: () => undefined },
  ) {
    this.depacketizer = new Depacketizer(codec);
    this.chunkBytes = options.chunkBytes ?? 16 * 1024;
    this.highWater = options.highWaterBytes ?? 1024 * 1024;
    this.lowWater = Math.min(options.lowWaterBytes ?? 256 * 1024, this.highWater);
    this.soundLag = options.soundLagS ?? 0.5;
  }

  /** Takes a feed packet (live or from the GOP cache). */
  push(packet: FeedPacket): void {
    if (this.channel.readyState !== 'open') return;
    if (packet.epoch !== this.epoch) {
      // A new ffmpeg: new timestamps, maybe a new size. Start over at its first keyframe.
      this.epoch = packet.epoch;
      this.depacketizer = new Depacketizer(this.codec);
      this.sps = undefined;
    }
    for (const unit of this.depacketizer.push(packet.info, packet.payload)) this.picture(unit);
  }

  /** Where the last sound packet went against where its capture time puts it, in ms (+: later), for figures. */
  get soundOffsetMs(): number | undefined {
    const offset = this.sound?.lastOffsetS;
    return offset === undefined ? undefined : offset * 1000;
  }

  /**
   * Fills the sound track with silence up to the last picture sent: called after the cached GOP
   * (no sound is cached), so the first picture shows without waiting for the first sound packet.
   */
  primeSound(): void {
    if (this.sound && this.anchor) this.sendSound(this.sound.fillTo(Math.round((this.decodeTime / TIMESCALE) * AUDIO_TIMESCALE)));
  }

  /** Takes a packet of the camera's sound (Opus RTP); ignored on a stream without sound. */
  pushAudio(packet: FeedPacket): void {
    const sound = this.sound;
    const audioClock = this.clocks.audio;
    // While pictures are dropped the sound is too, so both resume together.
    if (!sound || !audioClock || !this.anchor || this.dropping || this.channel.readyState !== 'open') return;
    const captured = wallClock(audioClock(), packet.info.timestamp, AUDIO_TIMESCALE);
    const at = this.anchor.decodeTime / TIMESCALE + (captured - this.anchor.captureMs) / 1000;
    this.sendSound(sound.place(Math.round(at * AUDIO_TIMESCALE), packet.payload));
  }

  private picture(unit: AccessUnit): void {
    const codec = CODECS[this.codec];
    const sps = unit.keyframe ? unit.nals.find((nal) => codec.type(nal) === codec.sps) : undefined;
    if (sps && !(this.sps && sps.equals(this.sps))) this.begin(unit.nals);
    if (!this.sps) return;
    if (this.lastTimestamp !== undefined) {
      const delta = (unit.timestamp - this.lastTimestamp) >>> 0;
      // Out of order or a jump of more than 10 s: keep the last picture's duration.
      if (delta > 0 && delta < 10 * 90_000) this.duration = delta;
    }
    this.lastTimestamp = unit.timestamp;
    if (this.channel.bufferedAmount > this.highWater) this.dropping = true;
    if (this.dropping) {
      if (!unit.keyframe || this.channel.bufferedAmount > this.lowWater) {
        this.dropped++;
        return;
      }
      this.dropping = false;
    }
    const nals = unit.nals.filter((nal) => codec.type(nal) !== codec.aud);
    // Each picture starts where the last one sent ended, so a dropped span leaves no hole in the
    // viewer's buffer (the player keeps itself at the live edge).
    this.send(fragment(++this.sequence, { decodeTime: this.decodeTime, duration: this.duration, keyframe: unit.keyframe, nals }));
    this.anchor = { decodeTime: this.decodeTime, captureMs: wallClock(this.clocks.video(), unit.timestamp, TIMESCALE) };
    this.decodeTime += this.duration;
    // Sound that stopped coming must not hold the picture back: silence behind it.
    if (this.sound) this.sendSound(this.sound.fillTo(Math.round((this.decodeTime / TIMESCALE - this.soundLag) * AUDIO_TIMESCALE)));
  }

  private sendSound(run: SoundRun | undefined): void {
    if (run && run.samples.length > 0) this.send(soundFragment(++this.sequence, run.decodeTime, run.samples));
  }

  // A new stream: the announcement (the viewer starts a new MediaSource), then the init segment.
  private begin(nals: Buffer[]): void {
    const codec = CODECS[this.codec];
    let start: StreamStart | undefined;
    try {
      start = codec.start(nals, codec.type);
    } catch {
      return; // a damaged SPS: wait for the next keyframe
    }
    if (!start) return;
    this.sps = Buffer.from(start.sps);
    this.decodeTime = 0;
    this.lastTimestamp = undefined;
    this.dropping = false;
    this.anchor = undefined;
    const audio = this.clocks.audio !== undefined;
    this.sound = audio ? new SoundTimeline() : undefined;
    const codecs = audio ? `${start.codec},opus` : start.codec;
    const message: LivePathMessage = { type: 'live-path', path: 'mse', reason: this.reason, mime: `video/mp4; codecs="${codecs}"`, width: start.width, height: start.height, ...(audio ? { audio } : {}) };
    this.channel.send(JSON.stringify(message));
    this.send(initSegment(start.width, start.height, start.entry, audio ? opusEntry() : undefined));
  }

  private send(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; at += this.chunkBytes) this.channel.send(bytes.subarray(at, at + this.chunkBytes));
  }
}

/** The capture time (ms since 1970) of a feed's timestamp by its sender report, or now without one. */
function wallClock(report: SenderReport | undefined, timestamp: number, clockRate: number): number {
  return report ? captureMs(report, timestamp, clockRate) : Date.now();
}
