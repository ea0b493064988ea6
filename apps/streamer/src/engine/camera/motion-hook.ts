/**
 * How motion detection plugs into a camera's process without the camera package knowing about
 * it: on each spawn the supervisor asks for the frame size and rate (undefined: no motion), adds
 * the `motion` output, and hands the process's stdout over to be read frame by frame.
 */
import type { Readable } from 'node:stream';
import type { CameraConfig } from '@vigil/shared/config';
import type { MotionFrames } from '../ffmpeg/outputs.ts';

/** Motion detection as the supervisor sees it. */
export interface MotionHook {
  /** The gray frames this camera's detector wants, or undefined when motion is off. */
  frames(config: CameraConfig): MotionFrames | undefined;
  /** The new process's stdout, carrying those frames back to back. */
  attach(cameraId: string, stdout: Readable): void;
}
