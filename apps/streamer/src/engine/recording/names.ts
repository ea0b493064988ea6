/**
 * Segment file names: `<camera>_<UTC yyyymmddThhmmss>Z_<run>.mp4`, flat in the camera's folder.
 * The run tag differs for each spawn of ffmpeg, so a process restarted within the same second
 * never overwrites the segment its predecessor wrote.
 */
import { join } from 'node:path';

/** The camera's folder below the recordings root. */
export function cameraDir(root: string, camera: string): string {
  return join(root, camera);
}

/** A fresh run tag: base-36 milliseconds, unique per spawn of one camera. */
export function runTag(now = Date.now()): string {
  return now.toString(36);
}

/** The strftime pattern ffmpeg's segment muxer expands for one run. */
export function segmentPattern(dir: string, camera: string, tag: string): string {
  return join(dir, `${camera}_%Y%m%dT%H%M%SZ_${tag}.mp4`);
}

const NAME = /^([a-z0-9][a-z0-9-]{0,47})_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z_([a-z0-9]+)\.mp4$/;

/** What a segment's name says. */
export interface SegmentName {
  camera: string;
  /** UTC start, to the second, in ms since the epoch. */
  start: number;
  tag: string;
}

/** Parses a segment file name (no folder); undefined for anything else. */
export function parseSegmentName(name: string): SegmentName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, camera, y, mo, d, h, mi, s, tag] = match as unknown as [string, string, string, string, string, string, string, string, string];
  return { camera, start: Date.UTC(+y, +mo - 1, +d, +h, +mi, +s), tag };
}

/** Orders segment names by start time, then run tag (names sort the same way as times). */
export function compareSegmentNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
