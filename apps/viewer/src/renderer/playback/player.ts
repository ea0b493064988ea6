/**
 * Plays recorded fMP4 from a playback connection in a <video> through Media Source Extensions.
 * Media time 0 is wall time `base` (fixed for the player's life, before anything listable), so a
 * segment's bytes land at (start - base) / 1000 via the SourceBuffer's timestampOffset, and
 * seeking, scrubbing and speed are the video element's own.
 *
 * What to fetch, when, what to evict and which holes to jump is the pure buffer policy of
 * @vigil/shared/recording (buffering.ts): media ahead in proportion to the speed, the next request
 * made before that runs low, played media evicted, QuotaExceededError answered by evicting and
 * appending again. One media request runs at a time (the engine serves one per session); a seek
 * elsewhere cancels it and drops what it had queued.
 */
import {
  DEFAULT_BUFFER_POLICY,
  MAX_HOLE_S,
  aheadTargetMs,
  coveredUntil,
  evictionRange,
  holeJump,
  nextFetch,
  nextRecordedTime,
  readRanges,
  spanAt,
  type BufferPolicy,
  type PlaybackSegment,
  type TimeRange,
} from '@vigil/shared/recording';
import { unplayableSentence } from '@vigil/shared/live';
import type { MediaSegmentHeader, PlaybackConnection } from './connection.ts';

/** Player tuning, each with its default. */
export interface PlayerOptions {
  /** The buffer policy; default DEFAULT_BUFFER_POLICY. */
  policy?: BufferPolicy;
  /** How often fetching and eviction are looked at (ms); default 250. */
  tickMs?: number;
}

/** What the player is doing, for the screen. */
export type PlayerStatus = 'loading' | 'playing' | 'paused' | 'buffering' | 'ended';

const BASE_BEFORE_NOW_MS = 8 * 86_400_000;
/** Appends that fail for quota with nothing left to evict before the player gives the bytes up. */
const MAX_QUOTA_RETRIES = 3;

interface Transfer {
  range: TimeRange;
  cancel(): void;
  finished: boolean;
}

/** A <video> playing one camera's recordings. */
export class MsePlayer {
  /** Wall time (ms) of media time 0. */
  readonly base = Math.floor((Date.now() - BASE_BEFORE_NOW_MS) / 1000) * 1000;
  private readonly source = new MediaSource();
  private buffer: SourceBuffer | undefined;
  private readonly queue: { header: MediaSegmentHeader; bytes: Uint8Array }[] = [];
  private transfer: Transfer | undefined;
  /** Wall time up to which media is buffered or asked for, from the playhead on. */
  private requestedUntil = 0;
  private lastRequestAt = 0;
  private pendingSeek: number | undefined;
  private readonly opened: Promise<void>;
  private destroyed = false;
  private segments: readonly PlaybackSegment[] = [];
  private readonly url: string;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly policy: BufferPolicy;
  /** Highest bytes per ms of media seen (the byte bound of what is held ahead). */
  private bytesPerMs: number | undefined;
  private quotaRetries = 0;
  private pressed = false;
  private frameCallback: number | undefined;
  /** Times a QuotaExceededError was met (and answered by eviction), for tests and figures. */
  quotaErrors = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly connection: PlaybackConnection,
    private readonly onError: (message: string) => void,
    options: PlayerOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_BUFFER_POLICY;
    this.url = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => this.source.addEventListener('sourceopen', () => resolve(), { once: true }));
    video.src = this.url;
    this.timer = setInterval(() => this.tick(), options.tickMs ?? 250);
    // Out of media (a hole between segments, or the fetch is late): look at once.
    video.addEventListener('waiting', this.onWaiting);
    video.addEventListener('play', this.watchFrames);
  }

  /** The recorded segments (to jump gaps, fetch past the listing's end, stop at the end). */
  setSegments(segments: readonly PlaybackSegment[]): void {
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

  /** What the player is doing now. */
  get status(): PlayerStatus {
    if (!this.hasMedia || this.pendingSeek !== undefined) return 'loading';
    if (this.video.paused) return 'paused';
    if (this.video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !this.video.seeking) return 'playing';
    return this.atEnd() ? 'ended' : 'buffering';
  }

  /** Moves the playhead to wall time `time` (the next recording if there is none then). */
  async seek(time: number): Promise<void> {
    const target = nextRecordedTime(this.segments, time) ?? time;
    await this.opened;
    if (this.destroyed) return;
    if (this.isBuffered(target)) {
      this.pendingSeek = undefined;
      const runEnd = this.bufferedRunEnd(target);
      // A running request that continues this stretch goes on; any other one is not wanted now.
      if (this.transfer && !this.transfer.finished && !(this.transfer.range.from >= target && this.transfer.range.from <= runEnd + MAX_HOLE_S * 1000)) this.stopTransfer();
      if (!this.transfer || this.transfer.finished) this.requestedUntil = runEnd;
      this.video.currentTime = this.toMedia(target);
      this.tick();
      return;
    }
    const to = target + aheadTargetMs(this.policy, this.video.playbackRate, this.bytesPerMs);
    this.load({ from: target, to: Math.min(to, target + this.connection.limits.maxMediaRangeMs) }, target);
  }

  /** Plays at `rate` (0.5, 1, 2, 4…); a faster speed fetches further ahead at once. */
  setRate(rate: number): void {
    this.video.playbackRate = rate;
    this.tick();
  }

  destroy(): void {
    this.destroyed = true;
    this.video.removeEventListener('waiting', this.onWaiting);
    this.video.removeEventListener('play', this.watchFrames);
    if (this.frameCallback !== undefined) this.video.cancelVideoFrameCallback(this.frameCallback);
    clearInterval(this.timer);
    this.stopTransfer();
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.url);
  }

  private readonly onWaiting = () => this.tick();

  // Per frame while playing: a hole just ahead is jumped before the element stalls on it.
  private readonly watchFrames = () => {
    if (this.destroyed || this.frameCallback !== undefined || !('requestVideoFrameCallback' in this.video)) return;
    const onFrame = () => {
      this.frameCallback = undefined;
      if (this.destroyed || this.video.paused) return;
      this.jumpHole();
      this.frameCallback = this.video.requestVideoFrameCallback(onFrame);
    };
    this.frameCallback = this.video.requestVideoFrameCallback(onFrame);
  };

  private toMedia(time: number): number {
    return (time - this.base) / 1000;
  }

  private toWall(media: number): number {
    return this.base + media * 1000;
  }

  private isBuffered(time: number): boolean {
    const t = this.toMedia(time);
    return readRanges(this.video.buffered).some(([start, end]) => start <= t + 0.05 && t < end - 0.1);
  }

  /** Wall time where the buffered stretch holding `time` ends (short holes between recordings bridged). */
  private bufferedRunEnd(time: number): number {
    let end = this.toMedia(time);
    for (const [start, stop] of readRanges(this.video.buffered)) if (start <= end + MAX_HOLE_S && stop > end) end = stop;
    return this.toWall(end);
  }

  private atEnd(): boolean {
    const last = this.segments.reduce<PlaybackSegment | undefined>((a, s) => (!a || s.end > a.end ? s : a), undefined);
    if (!last || last.open || (this.transfer && !this.transfer.finished) || this.queue.length > 0) return false;
    return this.wallTime >= this.bufferedRunEnd(this.wallTime) - 300 && nextRecordedTime(this.segments, this.wallTime + 500) === undefined;
  }

  private stopTransfer(): void {
    this.transfer?.cancel();
    this.transfer = undefined;
    this.queue.length = 0; // what the replaced request still had in line is not wanted now
  }

  /** Asks for `range`; `seekTo`: move there once it is in (a prefetch has none). */
  private load(range: TimeRange, seekTo?: number): void {
    this.stopTransfer();
    // A seek belongs to the request made for it: a later request must never jump back to it.
    if (seekTo !== undefined) this.pendingSeek = seekTo;
    this.requestedUntil = coveredUntil(range, Date.now());
    this.lastRequestAt = Date.now();
    const transfer = this.connection.media(range.from, range.to, (header, bytes) => {
      if (this.destroyed || this.transfer !== current) return;
      const ms = header.end - header.start;
      if (ms > 0 && bytes.byteLength > 0) this.bytesPerMs = Math.max(this.bytesPerMs ?? 0, bytes.byteLength / ms);
      this.queue.push({ header, bytes });
      void this.pump();
    });
    const current: Transfer = { range, cancel: transfer.cancel, finished: false };
    this.transfer = current;
    transfer.done
      .catch((error: Error) => !this.destroyed && this.transfer === current && this.onError(`playback: ${error.message}`))
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
        if (!MediaSource.isTypeSupported(type)) return this.onError(unplayableSentence(type, true));
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
      if ((error as DOMException).name !== 'QuotaExceededError') return this.onError(`playback: ${(error as Error).message}`);
      // The SourceBuffer is full: make room around the playhead, then append the same bytes again.
      this.quotaErrors++;
      this.pressed = true;
      if (this.evict() || ++this.quotaRetries <= MAX_QUOTA_RETRIES) this.queue.unshift(next);
      else this.onError('playback: the browser has no room for this recording’s media');
      if (!this.buffer?.updating) setTimeout(() => void this.pump(), 100);
    }
  }

  private appended(): void {
    if (!this.pressed) this.quotaRetries = 0;
    const target = this.pendingSeek;
    if (target !== undefined && this.isBuffered(target)) {
      this.video.currentTime = this.toMedia(target);
      this.pendingSeek = undefined;
    } else if (target !== undefined) {
      // The target fell in a hole (between two segments): play from the media just after it.
      const t = this.toMedia(target);
      const after = readRanges(this.video.buffered).find(([start]) => start > t && start - t < MAX_HOLE_S);
      if (after) {
        this.video.currentTime = after[0];
        this.pendingSeek = undefined;
      }
    }
    if (this.queue.length > 0) void this.pump();
    else if (!this.evict()) this.pressed = false;
  }

  /** Starts one removal the policy asks for; whether it did. */
  private evict(): boolean {
    const buffer = this.buffer;
    if (!buffer || buffer.updating) return false;
    const ahead = aheadTargetMs(this.policy, this.video.playbackRate, this.bytesPerMs);
    const range = evictionRange(this.policy, readRanges(this.video.buffered), this.video.currentTime, ahead, this.pressed);
    if (!range) return false;
    buffer.remove(range[0], range[1]);
    return true;
  }

  private jumpHole(): boolean {
    if (this.pendingSeek !== undefined || this.video.seeking) return false;
    const stalled = this.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA;
    const to = holeJump(this.policy, readRanges(this.video.buffered), this.video.currentTime, this.video.playbackRate, stalled);
    if (to === undefined) return false;
    this.video.currentTime = to;
    return true;
  }

  private tick(): void {
    if (this.destroyed || !this.buffer) return;
    const playing = !this.video.paused;
    if (playing && this.jumpHole()) return;
    if (this.pendingSeek === undefined) {
      const request = nextFetch(this.policy, {
        playhead: this.wallTime,
        requestedUntil: this.requestedUntil,
        inFlight: (this.transfer !== undefined && !this.transfer.finished) || this.queue.length > 0,
        rate: this.video.playbackRate,
        segments: this.segments,
        now: Date.now(),
        lastRequestAt: this.lastRequestAt,
        bytesPerMs: this.bytesPerMs,
        maxRangeMs: this.connection.limits.maxMediaRangeMs,
      });
      // Fetch ahead while playing; a paused player fills only what the current speed wants soon.
      if (request && (playing || request.from - this.wallTime < 5000)) this.load(request);
    }
    if (!this.buffer.updating && this.queue.length === 0) this.evict();
    // In a gap between recordings longer than the player jumps by itself: go to the next one.
    if (playing && this.pendingSeek === undefined && !this.isBuffered(this.wallTime) && !spanAt(this.segments, this.wallTime)) {
      const later = nextRecordedTime(this.segments, this.wallTime);
      if (later !== undefined && later > this.wallTime) void this.seek(later);
    }
  }
}
