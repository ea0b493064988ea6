/**
 * Which camera config changes need a new ffmpeg. An allow-list of the fields that do not: any
 * other field, including one added to CameraConfig later, restarts the camera's process, which is
 * the safe default (a restart costs a second of picture; a stale pipeline costs a wrong one).
 */
import type { CameraConfig } from '@vigil/shared/config';

/**
 * Fields read while running, never by ffmpeg or the motion worker: the name and site (labels) and
 * the detection settings (read per event).
 */
export const NO_RESTART_FIELDS = ['name', 'site', 'detection'] as const satisfies readonly (keyof CameraConfig)[];

/** The parts of a camera's config its ffmpeg and motion worker are started with. */
function pipelineKey(config: CameraConfig): string {
  const pipeline: Record<string, unknown> = { ...config };
  for (const field of NO_RESTART_FIELDS) delete pipeline[field];
  return JSON.stringify(pipeline);
}

/** True when going from `previous` to `next` changes anything the camera's ffmpeg was started with. */
export function needsRestart(previous: CameraConfig, next: CameraConfig): boolean {
  return pipelineKey(previous) !== pipelineKey(next);
}
