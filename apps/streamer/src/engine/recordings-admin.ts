/**
 * Recording routes of the control API: list and usage, exports with progress on the event
 * stream (the clip is then downloadable), and offline verification of a camera's footage.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { CameraId, ExportRequest, RecordingQuery, type ExportProgress } from '@vigil/shared/config';
import { describeIssues } from '@vigil/shared/signaling';
import type { z } from 'zod';
import { ApiFailure } from './api/errors.ts';
import { verifyPath, type RecordingService } from './recording/index.ts';

/** Finished exports remembered for download. Default 32; older ones are forgotten (files stay). */
export const MAX_EXPORTS = 32;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiFailure('bad-request', describeIssues(result.error));
  return result.data;
}

/** Creates the recording routes' implementation. */
export function createRecordingsAdmin(recording: RecordingService, root: string, emit: (progress: ExportProgress) => void) {
  const clips = new Map<string, string>();
  return {
    list: (query: URLSearchParams) => {
      const q = parse(RecordingQuery, Object.fromEntries(query));
      return recording.list(q.camera, q.from, q.to);
    },
    usage: () => recording.usage(),
    /** Starts an export; progress and the result arrive as `recording-export` events. */
    startExport(input: unknown): { id: string } {
      const request = parse(ExportRequest, input);
      const id = randomUUID();
      emit({ id, fraction: 0, state: 'running' });
      recording
        .export(request.camera, request.from, request.to, (fraction) => emit({ id, fraction, state: 'running' }))
        .then((result) => {
          clips.set(id, result.clip);
          while (clips.size > MAX_EXPORTS) clips.delete(clips.keys().next().value!);
          emit({ id, fraction: 1, state: 'done', folder: result.folder });
        })
        .catch((error: Error) => emit({ id, fraction: 0, state: 'failed', error: error.message }));
      return { id };
    },
    /** The exported clip's path, for download. */
    clip(id: string): string {
      const clip = clips.get(id);
      if (!clip) throw new ApiFailure('not-found', `no finished export "${id}"`);
      return clip;
    },
    /** Checks a camera's footage against its hash chain (the segment being written is allowed). */
    verify(input: unknown) {
      const { camera } = parse(CameraId.transform((id) => ({ camera: id })), (input as { camera?: unknown } | null)?.camera);
      return verifyPath(join(resolve(root), camera), { live: true });
    },
  };
}
