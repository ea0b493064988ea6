/**
 * The engine's side of a camera's motion worker: lends frame buffers to a FrameReader, transfers
 * each frame to the worker thread without copying, and gets the buffer back with the result.
 * At most `maxInFlight` frames wait on the worker; when it falls behind, new frames are dropped
 * (and counted) instead of queueing without bound.
 */
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { MotionConfig, type MotionConfigInput, type MotionTransition } from '@vigil/shared/motion';
import { FrameReader, type FrameSink } from './frame-reader.ts';
import type { FromWorker, Snapshot, ToWorker, WorkerInit } from './protocol.ts';

/** A worker's result for one frame, as the engine and overlays see it. */
export interface MotionResult {
  camera: string;
  at: number;
  index: number;
  /** Normalised boxes, flattened as x, y, w, h. */
  boxes: number[];
  fraction: number;
  moving: boolean;
  relearning: boolean;
  gain: number;
  busyMs: number;
}

export interface MotionWorkerOptions {
  camera: string;
  width: number;
  height: number;
  config?: MotionConfigInput;
  /** Frames handed to the worker and not yet answered before new ones are dropped. Default 2. */
  maxInFlight?: number;
  onResult?: (result: MotionResult) => void;
  /** Event start / update / end, with a grayscale snapshot on start and end. */
  onTransition?: (transition: MotionTransition, snapshot?: Snapshot) => void;
  onError?: (error: Error) => void;
}

/** One camera's motion worker thread. */
export class MotionWorker implements FrameSink {
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  /** Frames analysed, and dropped because the worker was behind. */
  processed = 0;
  drops = 0;
  private worker: Worker | undefined;
  private readonly free: Uint8Array[] = [];
  private inFlight = 0;
  private flushWaiter: (() => void) | undefined;

  constructor(private readonly options: MotionWorkerOptions) {
    this.camera = options.camera;
    this.width = options.width;
    this.height = options.height;
    // One buffer per frame in flight, plus the one the reader is filling.
    for (let k = 0; k <= (options.maxInFlight ?? 2); k++) this.free.push(new Uint8Array(options.width * options.height));
  }

  /** Starts the thread; resolves once its detector is built and listening. */
  async start(): Promise<void> {
    const init: WorkerInit = {
      camera: this.camera, width: this.width, height: this.height, config: MotionConfig.parse(this.options.config ?? {}),
    };
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => (message.type === 'ready' ? resolve() : this.receive(message)));
      worker.once('error', reject);
    });
    worker.on('error', (error) => this.options.onError?.(error));
  }

  /** A free frame buffer, or undefined when every buffer is waiting on the worker. */
  acquire(): Uint8Array | undefined {
    return this.free.pop();
  }

  /** Hands a frame (from acquire()) to the worker; its buffer is transferred, not copied. */
  frame(frame: Uint8Array, at = Date.now()): void {
    if (!this.worker) {
      this.free.push(frame);
      return;
    }
    this.inFlight++;
    const message: ToWorker = { type: 'frame', buffer: frame.buffer as ArrayBuffer, at };
    this.worker.postMessage(message, [message.buffer]);
  }

  /** Counts a frame the reader skipped. */
  dropped(): void {
    this.drops++;
  }

  /** Copies a frame in if a buffer is free (for callers without a reader); false when dropped. */
  push(frame: Uint8Array, at = Date.now()): boolean {
    const buffer = this.acquire();
    if (!buffer) {
      this.drops++;
      return false;
    }
    buffer.set(frame.subarray(0, buffer.length));
    this.frame(buffer, at);
    return true;
  }

  /** Reads raw gray frames of this worker's size from a stream (ffmpeg's motion pipe). */
  connect(stream: Readable): FrameReader {
    const reader = new FrameReader(this.width * this.height, this);
    reader.attach(stream);
    return reader;
  }

  /** Ends any open event, waits for the worker to answer, then stops the thread. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const flushed = new Promise<void>((resolve) => (this.flushWaiter = resolve));
    worker.postMessage({ type: 'flush' } satisfies ToWorker);
    await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.worker = undefined;
    await worker.terminate();
  }

  private receive(message: Exclude<FromWorker, { type: 'ready' }>): void {
    if (message.type === 'flushed') {
      for (const transition of message.transitions) this.options.onTransition?.(transition, message.snapshot);
      this.flushWaiter?.();
      return;
    }
    this.inFlight--;
    this.processed++;
    this.free.push(new Uint8Array(message.buffer));
    const { buffer: _buffer, type: _type, transitions, snapshot, ...result } = message;
    this.options.onResult?.({ camera: this.camera, ...result });
    for (const transition of transitions) this.options.onTransition?.(transition, snapshot);
  }
}
