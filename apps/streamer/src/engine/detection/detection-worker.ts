/**
 * The engine's side of the detection thread. Live video and motion never wait on it: a job is a
 * copy of one frame, at most `maxPending` jobs are outstanding, and a job offered beyond that is
 * dropped at once (counted, and answered as `busy`) rather than queued without bound.
 */
import { Worker } from 'node:worker_threads';
import type { Detection, CenterNetOptions } from './centernet.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { Raster, Region } from './raster.ts';
import type { BackendName } from './runtime.ts';

export interface DetectionWorkerOptions extends CenterNetOptions {
  /** Jobs running or waiting in the thread before new ones are dropped. Default 4 (about 1-3 s of work). */
  maxPending?: number;
}

/** What a job came back with. */
export type JobOutcome =
  | { status: 'done'; detections: Detection[]; ms: number; inferences: number }
  | { status: 'busy' }
  | { status: 'failed'; message: string };

/** Counters for the control API and logs. */
export interface DetectionStats {
  backend?: BackendName;
  processed: number;
  inferences: number;
  dropped: number;
  failed: number;
  /** Mean milliseconds per inference (one region of one frame). */
  meanInferenceMs: number;
}

/** One detection thread (tfjs state is per thread; one model serves every camera). */
export class DetectionWorker {
  private worker: Worker | undefined;
  private starting: Promise<BackendName> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: JobOutcome) => void>();
  private busyMs = 0;
  readonly stats: DetectionStats = { processed: 0, inferences: 0, dropped: 0, failed: 0, meanInferenceMs: 0 };

  constructor(private readonly options: DetectionWorkerOptions = {}) {}

  /** Starts the thread and loads the model; resolves with the backend in use. Idempotent. */
  start(): Promise<BackendName> {
    this.starting ??= new Promise<BackendName>((resolve, reject) => {
      // Only the model's options cross to the thread (callers may pass a wider options object).
      const { backends, modelPath, floorScore } = this.options;
      const init: CenterNetOptions = { backends, modelPath, floorScore };
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init });
      this.worker = worker;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') resolve((this.stats.backend = message.backend));
        else if (message.type === 'failed') reject(new Error(`detector did not load: ${message.message}`));
        else this.settle(message);
      });
      worker.on('error', (error) => {
        reject(error);
        this.failAll(error.message);
      });
      worker.on('exit', (code) => {
        reject(new Error(`detection worker exited (${code})`));
        this.failAll(`detection worker exited (${code})`);
        this.worker = undefined;
      });
    });
    return this.starting;
  }

  /** Jobs running or waiting. */
  get load(): number {
    return this.pending.size;
  }

  /** Runs the model on `regions` of a copy of `raster`; `busy` at once when the queue is full. */
  async detect(raster: Raster, regions: Region[]): Promise<JobOutcome> {
    if (this.pending.size >= (this.options.maxPending ?? 4)) {
      this.stats.dropped++;
      return { status: 'busy' };
    }
    // Reserve the slot before awaiting the start, so concurrent callers see the queue fill.
    const id = this.nextId++;
    const outcome = new Promise<JobOutcome>((resolve) => this.pending.set(id, resolve));
    try {
      await this.start();
    } catch (error) {
      this.settle({ type: 'error', id, message: (error as Error).message });
      return outcome;
    }
    const copy = raster.data.slice(0, raster.width * raster.height * raster.channels);
    const job: ToWorker = { type: 'detect', id, width: raster.width, height: raster.height, channels: raster.channels, buffer: copy.buffer, regions };
    this.worker?.postMessage(job, [copy.buffer]);
    return outcome;
  }

  /** Stops the thread; jobs still pending come back as failed. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.starting = undefined;
    if (worker) await worker.terminate();
    this.failAll('detector stopped');
  }

  private settle(message: Extract<FromWorker, { id: number }>): void {
    const resolve = this.pending.get(message.id);
    if (!resolve) return;
    this.pending.delete(message.id);
    if (message.type === 'error') {
      this.stats.failed++;
      resolve({ status: 'failed', message: message.message });
      return;
    }
    this.stats.processed++;
    this.stats.inferences += message.inferences;
    this.busyMs += message.ms;
    this.stats.meanInferenceMs = Math.round(this.busyMs / this.stats.inferences);
    resolve({ status: 'done', detections: message.detections, ms: message.ms, inferences: message.inferences });
  }

  private failAll(message: string): void {
    for (const [id] of this.pending) this.settle({ type: 'error', id, message });
  }
}
