/** The public surface of recording: the service the engine wires, and offline verification. */
export { createRecordingService, type RecordingService, type RecordingServiceOptions } from './service.ts';
export { motionEventSource, type EventSource, type RecordingEvent } from './events.ts';
export type { ExportResult } from './export.ts';
export type { Eviction } from './retention.ts';
export { verifyPath, type VerifyReport, type VerifyProblem, type ProblemKind } from './verify.ts';
export { runVerify } from './verify-cli.ts';
