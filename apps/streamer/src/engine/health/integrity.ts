/**
 * The integrity check: each camera's newest closed segments hashed again and compared with their
 * entries in the hash chain (a background pass, cheap: a few files), and the full offline
 * verification of every recording on demand. A changed or missing file is a one-off problem
 * naming the file; the same file in the same state alerts once.
 */
import { basename } from 'node:path';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { hashFile } from '../recording/hash-file.ts';
import { verifyPath, type VerifyReport } from '../recording/index.ts';
import type { HealthTracker } from './tracker.ts';

/** What the check reads from the recording service. */
export interface IntegritySource {
  usage(): { camera: string; newest?: number }[];
  list(camera: string, from?: number, to?: number): RecordingSegmentView[];
  segmentPath(camera: string, file: string): string | undefined;
}

/** Reports one file found changed or missing. */
function found(tracker: HealthTracker, camera: string, cameraName: string, file: string, problem: 'changed' | 'missing', detail: string, at: number): void {
  const title = problem === 'changed' ? `Recording file changed: ${file} (${cameraName})` : `Recording file missing: ${file} (${cameraName})`;
  tracker.occurred(`integrity:${camera}:${file}:${problem}`, { kind: 'integrity', camera, cameraName, title, detail, at });
}

/** Hashes the newest `count` closed segments of every camera; returns how many files were checked. */
export async function checkNewest(tracker: HealthTracker, source: IntegritySource, count: number, nameOf: (camera: string) => string, now = Date.now): Promise<number> {
  let checked = 0;
  for (const { camera } of source.usage()) {
    // Newest by name: names carry the wall-clock time the recorder opened them (a camera's own
    // timestamps, which `start` follows, can run behind after it reconnects).
    for (const segment of newest(source.list(camera), count)) {
      const path = source.segmentPath(camera, segment.file);
      if (!path) continue; // deleted by retention meanwhile: the chain records that
      const actual = await hashFile(path).catch(() => undefined);
      // Gone from the list while we hashed: retention deleted it, with a chain entry.
      if (!source.list(camera).some((s) => s.file === segment.file)) continue;
      checked++;
      if (!actual) {
        found(tracker, camera, nameOf(camera), segment.file, 'missing', `The segment recorded at ${new Date(segment.start).toISOString()} is gone from the disk, and no deletion entry in the hash chain explains it.`, now());
      } else if (actual.sha256 !== segment.sha256) {
        found(tracker, camera, nameOf(camera), segment.file, 'changed', `Its SHA-256 (${actual.sha256.slice(0, 16)}…) differs from the one recorded in the hash chain (${segment.sha256.slice(0, 16)}…): the file was altered after it was closed.`, now());
      }
    }
  }
  return checked;
}

/** The full check of every camera folder under `root` (verify.ts); each changed or missing file is reported. */
export async function checkAll(tracker: HealthTracker, root: string, nameOf: (camera: string) => string, now = Date.now): Promise<VerifyReport> {
  const report = await verifyPath(root, { live: true });
  for (const problem of report.problems) {
    if (problem.kind !== 'tampered' && problem.kind !== 'missing') continue;
    const file = basename(problem.path);
    const camera = basename(problem.path.slice(0, -file.length - 1));
    found(tracker, camera, nameOf(camera), file, problem.kind === 'tampered' ? 'changed' : 'missing', problem.message, now());
  }
  return report;
}

/** The `count` segments with the latest names. */
export function newest<T extends { file: string }>(segments: readonly T[], count: number): T[] {
  return [...segments].sort((a, b) => a.file.localeCompare(b.file)).slice(-count);
}
