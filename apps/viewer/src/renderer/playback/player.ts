/**
 * Plays recorded fMP4 from a playback connection in a <video> through Media Source Extensions.
 * Media time 0 is wall time `base` (fixed for the player's life, before anything listable), so a
 * segment's bytes land at (start - base) / 1000 via the SourceBuffer's timestampOffset, and
 * seeking, scrubbing and speed are the video element's own. Media arrives in windows of
 * `windowMs` ahead of the playhead; gaps between recordings are jumped; old media is evicted.
 */
import { nextRecordedTime, type Span } from '@vigil/shared/recording';
import type { MediaSegmentHeader, PlaybackConnection } from './connection.ts';

/** Player tuning, each with its default. */
export interface PlayerOptions {
  /** Media fetched per request; default 2 minutes (capped by the streamer's limit). */
  windowMs?: number;
  /** Fetch the next window when less than this is buffered ahead; default 45 s. */
  prefetchMs?: number;
  /** Buffered media kept behind the playhead; default 60 s. */
  keepBehindMs?: number;
}

const BASE_BEFORE_NOW_MS = 8 * 86_400_000;
/** A seek target this close before media (a hole between segments) plays from that media. */
const HOLE_JUMP_S = 5;

/** A <video> playing one camera's recordings. */
export class MsePlayer {
  /** Wall time (ms) of media time 0. */
  readonly base = Math.floor((Date.now() - BASE_BEFORE_NOW_MS) / 1000) * 1000;
  private readonly source = new MediaSource();
  private buffer: SourceBuffer | undefined;
  private readonly queue: { header: MediaSegmentHeader; bytes: Uint8Array }[] = [];
  private transfer: { cancel(): void; finished: boolean } | undefined;
  /** Wall time up to which media has been asked for, in the current run of windows. */
  private loadedUntil = 0;
  private pendingSeek: number | undefined;
  private readonly opened: Promise<void>;
  private destroyed = false;
  private segments: readonly Span[] = [];
  private readonly url: string;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly connection: PlaybackConnection,
    private readonly onError: (message: string) => void,
    private readonly options: PlayerOptions = {},
  ) {
    this.url = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => this.source.addEventListener('sourceopen', () => resolve(), { once: true }));
    video.src = this.url;
    this.timer = setInterval(() => this.tick(), 250);
    // Stalled at the end of what is buffered (a hole between segments): look at once.
    video.addEventListener('waiting', this.onWaiting);
  }

  /** The recorded segments (to jump gaps and stop at the end). */
  setSegments(segments: readonly Span[]): void {
    this.segments = segments;
  }

  /** Whether any media is buffered (before that, the element's time means nothing). */
  get hasMedia(): boolean {
    return this.video.buffered.length > 0;
  }

  /** The wall time (ms) at the playhead. */
  get wallTime(): number {
    return this.base + this.video.currentTime * 1000;
  }

  /** Moves the playhead to wall time `time` (the next recording if there is none then). */
  async seek(time: number): Promise<void> {
    const target = nextRecordedTime(this.segments, time) ?? time;
    await this.opened;
    if (this.isBuffered(target)) {
      this.pendingSeek = undefined;
      this.video.currentTime = this.toMedia(target);
      return;
    }
    this.load(target, target);
  }

  /** Plays at `rate` (0.5, 1, 2, 4…). */
  setRate(rate: number): void {
    this.video.playbackRate = rate;
  }

  private readonly onWaiting = () => this.tick();

  destroy(): void {
    this.destroyed = true;
    this.video.removeEventListener('waiting', this.onWaiting);
    clearInterval(this.timer);
    this.transfer?.cancel();
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.url);
  }

  private toMedia(time: number): number {
    return (time - this.base) / 1000;
  }

  private isBuffered(time: number): boolean {
    const t = this.toMedia(time);
    const ranges = this.video.buffered;
    for (let i = 0; i < ranges.length; i++) if (ranges.start(i) <= t + 0.05 && t < ranges.end(i) - 0.1) return true;
    return false;
  }

  /** Fetches a window of media from `from`; `seekTo`: move there once it is in (a prefetch has none). */
  private load(from: number, seekTo?: number): void {
    this.transfer?.cancel();
    this.queue.length = 0; // what the replaced request still had in line is not wanted now
    // A seek belongs to the request made for it: a later request must never jump back to it.
    this.pendingSeek = seekTo;
    const window = Math.min(this.options.windowMs ?? 120_000, this.connection.limits.maxMediaRangeMs);
    const to = from + window;
    this.loadedUntil = to;
    const transfer = this.connection.media(from, to, (header, bytes) => {
      if (this.destroyed) return;
      this.queue.push({ header, bytes });
      void this.pump();
    });
    const current = { cancel: transfer.cancel, finished: false };
    this.transfer = current;
    transfer.done
      .catch((error: Error) => !this.destroyed && this.onError(`playback: ${error.message}`))
      .finally(() => {
        current.finished = true;
        // Everything for this seek has arrived: if it still found no place, stop waiting for one.
        if (this.transfer === current && this.queue.length === 0 && !this.buffer?.updating) this.pendingSeek = undefined;
      });
  }

  private async pump(): Promise<void> {
    await this.opened;
    if (this.destroyed || this.buffer?.updating) return;
    const next = this.queue.shift();
    if (!next) return;
    try {
      if (!this.buffer) {
        const type = `video/mp4; codecs="${next.header.codec}"`;
        if (!MediaSource.isTypeSupported(type)) throw new Error(`this browser cannot play ${next.header.codec} recordings`);
        this.buffer = this.source.addSourceBuffer(type);
        this.buffer.mode = 'segments';
        this.buffer.addEventListener('updateend', () => this.appended());
      }
      // A segment ends where the next one begins: their times can overlap by a fraction of a
      // second (segment times come from the clock and the stream), and overlapping appends would
      // splice two pictures together.
      const following = this.segments.find((s) => s.start > next.header.start);
      const end = following ? Math.min(following.start, next.header.end + 1000) : Infinity;
      this.buffer.appendWindowStart = 0;
      this.buffer.appendWindowEnd = Number.isFinite(end) ? this.toMedia(end) : Infinity;
      this.buffer.timestampOffset = (next.header.start - this.base) / 1000 - next.header.origin;
      this.buffer.appendBuffer(next.bytes as BufferSource);
    } catch (error) {
      if ((error as DOMException).name === 'QuotaExceededError') {
        this.queue.unshift(next);
        this.evict(true);
      } else this.onError(`playback: ${(error as Error).message}`);
    }
  }

  private appended(): void {
    const target = this.pendingSeek;
    if (target !== undefined && this.isBuffered(target)) {
      this.video.currentTime = this.toMedia(target);
      this.pendingSeek = undefined;
    } else if (target !== undefined) {
      // The target fell in a hole (between two segments): play from the media just after it.
      const ranges = this.video.buffered;
      const t = this.toMedia(target);
      for (let i = 0; i < ranges.length; i++) {
        if (ranges.start(i) > t && ranges.start(i) - t < HOLE_JUMP_S) {
          this.video.currentTime = ranges.start(i);
          this.pendingSeek = undefined;
          break;
        }
      }
    }
    if (this.queue.length > 0) void this.pump();
    else this.evict(false);
  }

  // Drops media far behind the playhead (or, under quota pressure, everything but around it).
  private evict(pressed: boolean): void {
    const buffer = this.buffer;
    if (!buffer || buffer.updating) return;
    const keep = (this.options.keepBehindMs ?? 60_000) / 1000;
    const now = this.video.currentTime;
    const ranges = this.video.buffered;
    if (ranges.length === 0) return;
    if (ranges.start(0) < now - keep) buffer.remove(0, now - keep);
    else if (pressed && ranges.end(ranges.length - 1) > now + 30) buffer.remove(now + 30, Infinity);
  }

  private tick(): void {
    if (this.destroyed || !this.buffer) return;
    const now = this.wallTime;
    // Fetch ahead while playing through this run of recordings.
    const ahead = this.options.prefetchMs ?? 45_000;
    // (One transfer at a time: a new media request replaces the running one on the streamer.)
    if (!this.video.paused && this.pendingSeek === undefined && this.loadedUntil - now < ahead && this.queue.length === 0 && this.transfer?.finished !== false) {
      const next = nextRecordedTime(this.segments, this.loadedUntil);
      if (next !== undefined) this.load(next);
    }
    // A gap between recordings: jump to the next buffered (or recorded) time.
    if (!this.video.paused && !this.isBuffered(now) && this.pendingSeek === undefined) {
      const ranges = this.video.buffered;
      const t = this.video.currentTime;
      for (let i = 0; i < ranges.length; i++) {
        if (ranges.start(i) > t) {
          this.video.currentTime = ranges.start(i);
          return;
        }
      }
      const later = nextRecordedTime(this.segments, now + 500);
      if (later !== undefined && later > now) void this.seek(later);
    }
  }
}
