/** Motion detection: the engine's entry points (see README.md). */
export { MotionDetector, type DetectorOptions, type DetectorResult } from './detector.ts';
export { MotionEvents, type EventOptions, type FrameSummary } from './events.ts';
export { FrameReader, scaledHeight, type FrameSink } from './frame-reader.ts';
export { MotionWorker, type MotionResult, type MotionWorkerOptions } from './motion-worker.ts';
export type { Snapshot } from './protocol.ts';
