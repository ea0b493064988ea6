/**
 * How a recorder plugs into a camera's process without the camera package knowing about
 * recording: on each spawn the supervisor asks for a record target, and it passes on the
 * process's log lines and its exit so the recorder can close what the process left open.
 */
import type { CameraConfig } from '@vigil/shared/config';
import type { RecordTarget } from '../ffmpeg/record.ts';

/** A recorder as the supervisor sees it. */
export interface RecordingHook {
  /** The record target for this spawn of the camera's process, or undefined when it does not record. */
  target(config: CameraConfig): RecordTarget | undefined;
  /** A line of the process's stderr (credentials already redacted). */
  line?(cameraId: string, line: string): void;
  /** The process has exited; whatever segment it had open is now closed. */
  exited?(cameraId: string): void;
  /** ffmpeg dropped the record output (typically a full disk); the live view goes on. */
  failed?(cameraId: string, line: string): void;
}

/** A line saying that ffmpeg's tee muxer dropped an output. */
export const SLAVE_FAILED = /Slave muxer #\d+ failed|Error writing trailer|No space left on device/i;
