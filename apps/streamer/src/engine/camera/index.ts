/** The public surface of the engine's cameras and live view, for the control API and signalling glue. */
export { createCameraManager, type CameraManager, type CameraManagerOptions, type CameraStats, type OpenSessionRequest, type SessionInfo } from './manager.ts';
export { LiveError, type LiveErrorCode } from './errors.ts';
export type { LiveSession, IceCandidateInit, SessionOptions } from '../live/session.ts';
export type { SupervisorOptions } from './supervisor.ts';
export type { RestartBackoffOptions as BackoffOptions } from '../../common/restartBackoff.ts';
export { listVideoDevices, type VideoDevice } from '../ffmpeg/devices.ts';
export type { RecordingHook } from './recording-hook.ts';
