/**
 * The live picture of a session on the data-channel path (shared/src/live/path.ts): the engine's
 * fragmented MP4 appended to a MediaSource as it arrives (the byte stream may be cut anywhere; a
 * SourceBuffer takes partial segments), played in the tile's <video>. The player stays near the
 * live edge: it starts at the end of the cached GOP the engine sends first, plays at 1.1× while
 * more than 0.1 s behind its target, and whenever the playhead falls more than `maxLagS` behind
 * what is buffered (a slow tab, a burst) it skips ahead to `targetLagS` before the edge. Played media older than `keepS` is removed.
 * A stream with the camera's sound (a second, Opus track in the same segments) is heard through the
 * element itself: `setSound` unmutes it and sets its volume. While it is heard the player never
 * speeds up (time-stretched sound warbles); it only skips ahead, a short cut in the sound.
 */
import { unplayableSentence, type LivePathMessage } from '@vigil/shared/live';
import type { TileStats } from './tilePeer.ts';

/** Lag beyond the target at which playback speeds up slightly to catch up. */
const CATCH_UP_S = 0.1;

/** A live-path announcement of the data-channel path. */
export type MsePathMessage = LivePathMessage & { path: 'mse' };

/** Player tuning, each with its default. */
export interface LiveMseOptions {
  /** How far behind the buffered end the playhead is put when it skips ahead; default 0.05 s. */
  targetLagS?: number;
  /** How far behind the buffered end the playhead may fall before it skips ahead; default 0.4 s. */
  maxLagS?: number;
  /** Media kept behind the playhead; default 10 s. */
  keepS?: number;
}

/** The data-channel path of a tile: a player, or the sentence saying why there can be none. */
export interface MsePath {
  message: MsePathMessage;
  player?: LiveMsePlayer;
  /** What is missing and what to do, when this browser cannot play the stream. */
  problem?: string;
}

/** Opens the path an announcement describes, in this browser. */
export function openMsePath(message: MsePathMessage, options?: LiveMseOptions): MsePath {
  const hasMediaSource = typeof MediaSource !== 'undefined';
  if (!hasMediaSource || !MediaSource.isTypeSupported(message.mime)) return { message, problem: unplayableSentence(message.mime, hasMediaSource) };
  return { message, player: new LiveMsePlayer(message, options) };
}

/** fMP4 bytes from the data channel into a MediaSource, kept at the live edge. */
export class LiveMsePlayer {
  private readonly source = new MediaSource();
  private readonly url = URL.createObjectURL(this.source);
  private buffer: SourceBuffer | undefined;
  private queue: Uint8Array[] = [];
  private video: HTMLVideoElement | undefined;
  private closed = false;
  private readonly targetLag: number;
  private readonly maxLag: number;
  private readonly keep: number;
  private lastFrames = { count: 0, at: 0, fps: 0 };
  private sound = { muted: true, volume: 1 };
  /** Times the playhead skipped ahead to the live edge, for figures and tests. */
  skips = 0;
  /** The first append error, if the browser refused the stream. */
  error: string | undefined;

  constructor(
    readonly message: MsePathMessage,
    options: LiveMseOptions = {},
  ) {
    this.targetLag = options.targetLagS ?? 0.05;
    this.maxLag = options.maxLagS ?? 0.4;
    this.keep = options.keepS ?? 10;
    this.source.addEventListener(
      'sourceopen',
      () => {
        if (this.closed) return;
        const buffer = this.source.addSourceBuffer(message.mime);
        buffer.mode = 'segments';
        buffer.addEventListener('updateend', () => {
          this.keepLive();
          this.pump();
        });
        this.buffer = buffer;
        this.pump();
      },
      { once: true },
    );
  }

  /** Plays into `video` (muted autoplay, as WebRTC tiles do, until setSound says otherwise). */
  attach(video: HTMLVideoElement): void {
    this.video = video;
    video.src = this.url;
    this.applySound();
    void video.play().catch(() => undefined);
  }

  /** Whether the stream's sound is heard, and how loud (0-1); a stream without sound stays muted. */
  setSound(muted: boolean, volume: number): void {
    this.sound = { muted, volume };
    this.applySound();
  }

  /** Leaves the video element (it shows nothing until given another source), muted again. */
  detach(video: HTMLVideoElement): void {
    if (this.video !== video) return;
    this.video = undefined;
    video.muted = true;
    video.removeAttribute('src');
    video.load();
  }

  /** Appends bytes of the stream, in order. */
  append(bytes: Uint8Array): void {
    if (this.closed || this.error) return;
    this.queue.push(bytes);
    this.pump();
  }

  /** Frames, rate and size, as a WebRTC tile reports them. */
  stats(): TileStats | undefined {
    const video = this.video;
    if (!video) return undefined;
    const count = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    const now = performance.now();
    if (now - this.lastFrames.at >= 1000) {
      if (this.lastFrames.at > 0) this.lastFrames.fps = ((count - this.lastFrames.count) * 1000) / (now - this.lastFrames.at);
      this.lastFrames = { count, at: now, fps: this.lastFrames.fps };
    }
    const codec = /hvc1|hev1/.test(this.message.mime) ? 'H265' : 'H264';
    return { framesDecoded: count, framesPerSecond: this.lastFrames.fps, width: video.videoWidth, height: video.videoHeight, codec: `${codec} · MSE` };
  }

  /** Stops: frees the MediaSource. */
  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.video) this.detach(this.video);
    URL.revokeObjectURL(this.url);
  }

  private applySound(): void {
    const video = this.video;
    if (!video) return;
    video.muted = this.sound.muted || this.message.audio !== true;
    video.volume = this.sound.volume;
    if (!video.muted) video.playbackRate = 1;
  }

  private pump(): void {
    const buffer = this.buffer;
    if (this.closed || !buffer || buffer.updating || this.queue.length === 0 || this.source.readyState !== 'open') return;
    const size = this.queue.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const data = new Uint8Array(size);
    let at = 0;
    for (const chunk of this.queue) {
      data.set(chunk, at);
      at += chunk.byteLength;
    }
    this.queue = [];
    try {
      buffer.appendBuffer(data);
    } catch (error) {
      if ((error as DOMException).name !== 'QuotaExceededError') {
        this.error = (error as Error).message;
        return;
      }
      // Full: drop all but the last seconds and try again with the same bytes.
      this.queue.unshift(data);
      const end = this.bufferedEnd();
      if (end !== undefined && end > 2) buffer.remove(0, end - 2);
    }
  }

  private bufferedEnd(): number | undefined {
    const ranges = this.buffer?.buffered;
    return ranges && ranges.length > 0 ? ranges.end(ranges.length - 1) : undefined;
  }

  // Skips to the live edge when behind (or outside what is buffered), and frees played media.
  private keepLive(): void {
    const video = this.video;
    const buffer = this.buffer;
    if (!video || !buffer || buffer.updating) return;
    const ranges = buffer.buffered;
    if (ranges.length === 0) return;
    const start = ranges.start(ranges.length - 1);
    const end = ranges.end(ranges.length - 1);
    const lag = end - video.currentTime;
    if (lag > this.maxLag || video.currentTime < start) {
      video.currentTime = Math.max(start, end - this.targetLag);
      this.skips++;
    }
    // A little behind (the source's clock runs a bit fast, a burst arrived): catch up unseen at
    // 1.1× instead of letting the lag grow to a skip; not while the sound is heard.
    video.playbackRate = lag > this.targetLag + CATCH_UP_S && video.muted ? 1.1 : 1;
    if (video.paused) void video.play().catch(() => undefined);
    if (video.currentTime - ranges.start(0) > this.keep * 2) buffer.remove(0, video.currentTime - this.keep);
  }
}
