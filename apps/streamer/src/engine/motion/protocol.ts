/**
 * Messages between the engine and a motion worker thread. Frames travel as transferred
 * ArrayBuffers (no copy) and come back with the result, so the engine reuses them.
 */
import type { MotionConfig, MotionTransition } from '@vigil/shared/motion';

/** What a worker is started with (its workerData). */
export interface WorkerInit {
  camera: string;
  width: number;
  height: number;
  config: MotionConfig;
}

export type ToWorker =
  | { type: 'frame'; buffer: ArrayBuffer; at: number }
  /** Ends an open event now (the camera stops). */
  | { type: 'flush' };

/** A grayscale snapshot of an event's busiest frame. */
export interface Snapshot {
  width: number;
  height: number;
  data: Uint8Array;
}

export type FromWorker =
  /** The detector is built and listening. */
  | { type: 'ready' }
  | {
      type: 'result';
      /** The frame's buffer, handed back for reuse. */
      buffer: ArrayBuffer;
      at: number;
      index: number;
      /** Normalised boxes, flattened as x, y, w, h. */
      boxes: number[];
      fraction: number;
      moving: boolean;
      relearning: boolean;
      gain: number;
      transitions: MotionTransition[];
      /** With start and end transitions: the busiest frame so far. */
      snapshot?: Snapshot;
      /** Milliseconds the worker spent on the frame. */
      busyMs: number;
    }
  | { type: 'flushed'; transitions: MotionTransition[]; snapshot?: Snapshot };
