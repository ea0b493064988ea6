/**
 * A camera's live feed: the loopback UDP socket ffmpeg sends H.264 RTP to, the GOP cache, and the
 * sessions it fans out to. The socket outlives ffmpeg restarts (same port), so sessions do too;
 * a new ffmpeg shows up as a new SSRC, which starts a new epoch the sessions bridge over.
 */
import { createSocket, type Socket } from 'node:dgram';
import { GopCache, DEFAULT_GOP_CACHE_BYTES } from './gop-cache.ts';
import type { VideoCodec } from './depacketizer.ts';
import { startsKeyframe } from './h264.ts';
import { startsKeyframe265 } from './h265.ts';
import { isRtcp, parseRtp, rtpPayload, type RtpInfo } from './rtp.ts';
import { readSenderReport, type SenderReport } from './sync.ts';

/** One packet as the feed hands it to its sessions. */
export interface FeedPacket {
  data: Buffer;
  info: RtpInfo;
  /** The payload inside `data` (made once per packet, shared by every session). */
  payload: Buffer;
  keyframeStart: boolean;
  /** Increments whenever the source restarts (new SSRC). */
  epoch: number;
}

/** What a session implements to receive a feed. */
export interface FeedSink {
  push(packet: FeedPacket): void;
}

/** Feed limits. */
export interface FeedOptions {
  /** GOP cache limit in bytes; default 4 MiB. */
  gopCacheBytes?: number;
  /** Window for fps and bitrate figures; default 2000 ms. */
  statsWindowMs?: number;
  /**
   * An audio feed (Opus): every packet is a starting point and nothing is cached (a viewer
   * needs no past sound to start). Default false: H.264 video.
   */
  audio?: boolean;
}

/** Live figures of a feed. */
export interface FeedStats {
  fps: number;
  bitrateKbps: number;
  lastPacketAt: number | undefined;
}

/** The fan-out point of one camera stream. */
export class LiveFeed {
  private socket: Socket | undefined;
  private readonly cache: GopCache;
  private readonly sinks = new Set<FeedSink>();
  private ssrc: number | undefined;
  private epochCount = 0;
  private lastAt: number | undefined;
  private readonly statsWindowMs: number;
  // Ring of (time, bytes, newFrame) samples for the stats window.
  private samples: Array<{ at: number; bytes: number; frame: boolean }> = [];
  private lastTimestamp: number | undefined;
  private readonly packetListeners = new Set<() => void>();
  private readonly audio: boolean;
  private report: SenderReport | undefined;
  /**
   * What the packets carry: H.264 unless the camera's ffmpeg reported H.265 (copied as it is; the
   * sessions then send it over the data channel, see mse-stream.ts).
   */
  codec: VideoCodec = 'h264';

  constructor(options: FeedOptions = {}) {
    this.cache = new GopCache(options.gopCacheBytes ?? DEFAULT_GOP_CACHE_BYTES);
    this.statsWindowMs = options.statsWindowMs ?? 2000;
    this.audio = options.audio === true;
  }

  /**
   * ffmpeg's latest RTCP sender report for the current source: its wall clock for one RTP
   * timestamp, which places every packet of this feed on the camera's timeline (live/sync.ts).
   */
  get senderReport(): SenderReport | undefined {
    return this.report?.ssrc === this.ssrc ? this.report : undefined;
  }

  /** Binds the loopback socket; resolves with its port. */
  async start(): Promise<number> {
    if (this.socket) return this.port;
    const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.on('message', (data, remote) => {
      // Only this machine's ffmpeg may feed the camera.
      if (remote.address === '127.0.0.1') this.receive(data);
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.socket = socket;
    return this.port;
  }

  /** Closes the socket and drops the cache; sessions stay attached but receive nothing. */
  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.cache.clear();
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** The UDP port ffmpeg must send to. */
  get port(): number {
    if (!this.socket) throw new Error('feed not started');
    return this.socket.address().port;
  }

  /** The current source epoch. */
  get epoch(): number {
    return this.epochCount;
  }

  /** Attaches a session. */
  attach(sink: FeedSink): void {
    this.sinks.add(sink);
  }

  /** Detaches a session. */
  detach(sink: FeedSink): void {
    this.sinks.delete(sink);
  }

  /** Number of attached sessions. */
  get viewers(): number {
    return this.sinks.size;
  }

  /** The GOP cache as feed packets of the current epoch. */
  cached(): FeedPacket[] {
    const epoch = this.epochCount;
    return this.cache.snapshot().flatMap(({ data }) => {
      const info = parseRtp(data);
      return info ? [{ data, info, payload: rtpPayload(data, info), keyframeStart: this.startsKeyframe(data, info), epoch }] : [];
    });
  }

  /** Calls back on every packet (the supervisor's liveness check); returns an unsubscribe. */
  onPacket(listener: () => void): () => void {
    this.packetListeners.add(listener);
    return () => this.packetListeners.delete(listener);
  }

  /** Marks the end of a source run: the next packets belong to a new encoder. */
  sourceRestarted(): void {
    this.cache.clear();
    this.ssrc = undefined;
    this.report = undefined;
  }

  /** fps and bitrate over the stats window. */
  stats(now = Date.now()): FeedStats {
    this.trim(now);
    const seconds = this.statsWindowMs / 1000;
    const bytes = this.samples.reduce((sum, sample) => sum + sample.bytes, 0);
    const frames = this.samples.reduce((sum, sample) => sum + (sample.frame ? 1 : 0), 0);
    return { fps: Math.round((frames / seconds) * 10) / 10, bitrateKbps: Math.round((bytes * 8) / 1000 / seconds), lastPacketAt: this.lastAt };
  }

  private receive(data: Buffer): void {
    if (isRtcp(data)) {
      this.report = readSenderReport(data) ?? this.report;
      return;
    }
    const info = parseRtp(data);
    if (!info) return;
    if (info.ssrc !== this.ssrc) {
      this.ssrc = info.ssrc;
      this.epochCount++;
      this.cache.clear();
    }
    const now = Date.now();
    this.lastAt = now;
    const frame = info.timestamp !== this.lastTimestamp;
    this.lastTimestamp = info.timestamp;
    this.samples.push({ at: now, bytes: data.length, frame });
    if (this.samples.length > 4096) this.trim(now);
    // Sound: every packet is a starting point and nothing is cached.
    const keyframeStart = this.audio || this.startsKeyframe(data, info);
    if (!this.audio) this.cache.add(data, info.timestamp, keyframeStart);
    const packet: FeedPacket = { data, info, payload: rtpPayload(data, info), keyframeStart, epoch: this.epochCount };
    for (const sink of this.sinks) sink.push(packet);
    for (const listener of this.packetListeners) listener();
  }

  private startsKeyframe(data: Buffer, info: RtpInfo): boolean {
    return (this.codec === 'h265' ? startsKeyframe265 : startsKeyframe)(data, info.payloadOffset, info.payloadLength);
  }

  private trim(now: number): void {
    const from = now - this.statsWindowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop]!.at < from) drop++;
    if (drop > 0) this.samples = this.samples.slice(drop);
  }
}
