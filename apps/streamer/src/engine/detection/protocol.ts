/** Messages between the engine and the detection worker thread. */
import type { Detection, CenterNetOptions } from './centernet.ts';
import type { BackendName } from './runtime.ts';
import type { Region } from './raster.ts';

/** The worker's workerData. */
export type WorkerInit = CenterNetOptions;

export type ToWorker = {
  type: 'detect';
  id: number;
  width: number;
  height: number;
  channels: 1 | 3;
  /** The frame's pixels, transferred (a copy the caller no longer uses). */
  buffer: ArrayBuffer;
  regions: Region[];
};

export type FromWorker =
  | { type: 'ready'; backend: BackendName }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; detections: Detection[]; ms: number; inferences: number }
  | { type: 'error'; id: number; message: string };
