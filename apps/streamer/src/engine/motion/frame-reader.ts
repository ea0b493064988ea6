/**
 * Reassembles fixed-size raw frames (ffmpeg `-f rawvideo -pix_fmt gray`) from a byte stream whose
 * chunks fall anywhere. Each frame is copied once, into a buffer the consumer lends; when the
 * consumer has none free (the motion worker is behind), the frame's bytes are skipped and
 * counted as dropped, so a slow worker never makes memory grow.
 */
import type { Readable } from 'node:stream';

/** Callbacks of a FrameReader. */
export interface FrameSink {
  /** A free buffer of at least frameBytes bytes, or undefined to drop the next frame. */
  acquire(): Uint8Array | undefined;
  /** A complete frame, in a buffer from acquire(); ownership passes to the sink. */
  frame(frame: Uint8Array): void;
  /** A frame skipped because acquire() had nothing. */
  dropped?(): void;
}

/** The height ffmpeg's `scale=W:-2` gives a source of sourceWidth × sourceHeight. */
export function scaledHeight(width: number, sourceWidth: number, sourceHeight: number): number {
  // -2: keep the aspect ratio, rounded to the nearest multiple of 2 (av_rescale rounds half up).
  return Math.max(2, Math.round((width * sourceHeight) / (sourceWidth * 2)) * 2);
}

/** Splits a byte stream into frames of frameBytes bytes. */
export class FrameReader {
  readonly frameBytes: number;
  /** Complete frames delivered and dropped so far. */
  frames = 0;
  drops = 0;
  private current: Uint8Array | undefined;
  /** Bytes of the current frame received so far (copied, or skipped when dropping). */
  private filled = 0;
  private dropping = false;

  constructor(frameBytes: number, private readonly sink: FrameSink) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frame size must be a positive integer, got ${frameBytes}`);
    this.frameBytes = frameBytes;
  }

  /** Feeds one chunk of the stream. */
  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.filled === 0) {
        this.current = this.sink.acquire();
        this.dropping = this.current === undefined;
      }
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      if (!this.dropping) this.current!.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        this.filled = 0;
        if (this.dropping) {
          this.drops++;
          this.sink.dropped?.();
        } else {
          this.frames++;
          const frame = this.current!;
          this.current = undefined;
          this.sink.frame(frame);
        }
      }
    }
  }

  /** Reads a stream (ffmpeg's stdout or an extra pipe) until it ends; a partial last frame is discarded. */
  attach(stream: Readable): () => void {
    const onData = (chunk: Buffer): void => this.push(chunk);
    stream.on('data', onData);
    return () => stream.off('data', onData);
  }
}
