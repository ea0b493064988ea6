/**
 * Segment thumbnails: a small JPEG of a closed segment's first keyframe, made by ffmpeg from the
 * file on disk (the camera is not read again). Stored beside the segments in `.thumbs/`. They are
 * derived data, not evidence: outside the hash chain (verify ignores them), made again when
 * missing, and deleted with their segment.
 */
import { execFile } from 'node:child_process';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Folder of a camera's thumbnails, inside its recordings folder. */
export const THUMBS_DIR = '.thumbs';

/** Thumbnail width in pixels (height keeps the aspect ratio); default 320. */
export const THUMB_WIDTH = 320;

/** Longest ffmpeg may take for one thumbnail; default 15 s. */
export const THUMB_TIMEOUT_MS = 15_000;

/** The thumbnail file name of a segment file name. */
export function thumbnailName(segment: string): string {
  return segment.replace(/\.mp4$/, '.jpg');
}

/** The thumbnail path of a segment in a camera folder. */
export function thumbnailPath(dir: string, segment: string): string {
  return join(dir, THUMBS_DIR, thumbnailName(segment));
}

/** Writes the JPEG of the first keyframe of `segmentPath` to `target` (atomically). */
export function makeThumbnail(ffmpegPath: string, segmentPath: string, target: string, width = THUMB_WIDTH): Promise<void> {
  const partial = `${target}.partial`;
  // -skip_frame nokey decodes keyframes only: a segment starts with one, so this is cheap.
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-skip_frame', 'nokey', '-i', segmentPath, '-map', '0:v:0', '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '6', '-f', 'mjpeg', '-y', partial];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, args, { timeout: THUMB_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (error) {
        void unlink(partial).catch(() => {});
        return reject(new Error(`thumbnail failed: ${String(stderr).trim().slice(0, 300) || error.message}`));
      }
      rename(partial, target).then(resolve, reject);
    });
  });
}
