/**
 * Offline verification of recordings against their hash chain: a camera folder, a recordings
 * root (every camera and export below it), an export bundle, or a single segment or clip. Needs
 * nothing from the engine; ffmpeg only for an export's clip.mp4 (its packets against the segments).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GENESIS_HASH, MANIFEST_FILE, type SegmentEntry } from '@vigil/shared/recording';
import { checkChain } from './chain.ts';
import { EXPORT_FILE } from './export.ts';
import { hashFile } from './hash-file.ts';
import { parseSegmentName } from './names.ts';
import { probePackets } from './probe.ts';

/** What kind of problem a file or the chain has. */
export type ProblemKind = 'chain' | 'tampered' | 'missing' | 'unexplained' | 'undeleted' | 'clip';

/** One problem found. */
export interface VerifyProblem {
  kind: ProblemKind;
  /** The folder or file concerned. */
  path: string;
  message: string;
}

/** The outcome of a verification. */
export interface VerifyReport {
  ok: boolean;
  /** Segment files whose hash matched their entry. */
  verified: number;
  /** Chain entries read. */
  entries: number;
  problems: VerifyProblem[];
  notes: string[];
}

/** Verification options. */
export interface VerifyOptions {
  /** ffmpeg for clip checks; without it clips are noted as unchecked. */
  ffmpegPath?: string;
  /** A folder being recorded: its newest unlisted segment is the open one, not a problem. */
  live?: boolean;
}

const exists = (path: string) => stat(path).then((info) => info, () => undefined);

/** Verifies whatever `path` is; see the module doc. */
export async function verifyPath(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, verified: 0, entries: 0, problems: [], notes: [] };
  const info = await exists(path);
  if (!info) report.problems.push({ kind: 'missing', path, message: 'no such file or folder' });
  else if (info.isFile()) await verifyFile(path, report, options);
  else await verifyFolder(path, report, options, 0);
  report.ok = report.problems.length === 0;
  return report;
}

async function verifyFolder(dir: string, report: VerifyReport, options: VerifyOptions, depth: number): Promise<void> {
  if (await exists(join(dir, EXPORT_FILE))) return verifyBundle(dir, report, options);
  if (await exists(join(dir, MANIFEST_FILE))) {
    await verifyCamera(dir, dir, report, options);
    return;
  }
  let found = 0;
  // A root holds camera folders and exports/<bundle>: two levels are enough.
  if (depth < 2) {
    for (const name of (await readdir(dir)).sort()) {
      const child = join(dir, name);
      if (!name.startsWith('.') && (await exists(child))?.isDirectory()) {
        const before = report.entries + report.problems.length + report.verified;
        await verifyFolder(child, report, options, depth + 1);
        if (report.entries + report.problems.length + report.verified > before) found++;
      }
    }
  }
  if (found === 0 && depth === 0) report.problems.push({ kind: 'missing', path: dir, message: `no ${MANIFEST_FILE} or ${EXPORT_FILE} found` });
}

/** Checks a chain and the segment files it describes; returns the segments it says are present. */
async function verifyCamera(manifestDir: string, filesDir: string, report: VerifyReport, options: VerifyOptions, bundle?: { anchor: string; files: Set<string> }): Promise<SegmentEntry[]> {
  const manifest = join(manifestDir, MANIFEST_FILE);
  const chain = checkChain(await readFile(manifest, 'utf8'), bundle ? bundle.anchor : GENESIS_HASH);
  report.entries += chain.entries.length;
  for (const problem of chain.problems) report.problems.push({ kind: 'chain', path: manifest, message: `line ${problem.line}: ${problem.message}` });
  const alive = new Map<string, SegmentEntry>();
  const deleted = new Map<string, string>();
  for (const entry of chain.entries) {
    if (entry.type === 'segment') alive.set(entry.file, entry);
    else {
      alive.delete(entry.file);
      deleted.set(entry.file, entry.reason);
    }
  }
  const present: SegmentEntry[] = [];
  for (const [file, entry] of alive) {
    if (bundle && !bundle.files.has(file)) continue;
    const path = join(filesDir, file);
    if (!(await exists(path))) {
      report.problems.push({ kind: 'missing', path, message: `segment recorded ${new Date(entry.start).toISOString()} (entry ${entry.seq}) is missing and no deletion entry explains it` });
      continue;
    }
    const { sha256 } = await hashFile(path);
    if (sha256 !== entry.sha256) report.problems.push({ kind: 'tampered', path, message: `content differs from entry ${entry.seq} (SHA-256 ${sha256.slice(0, 16)}…, recorded ${entry.sha256.slice(0, 16)}…)` });
    else {
      report.verified++;
      present.push(entry);
    }
  }
  const files = (await readdir(filesDir)).filter((name) => name.endsWith('.mp4') && !name.startsWith('.')).sort();
  const unlisted = files.filter((name) => !alive.has(name));
  // The open segment of a folder being recorded is the newest file and has no entry yet.
  const open = options.live && unlisted.at(-1) === files.at(-1) ? unlisted.pop() : undefined;
  if (open) report.notes.push(`${join(filesDir, open)} is the open segment (not yet closed)`);
  for (const name of unlisted) {
    const path = join(filesDir, name);
    const reason = deleted.get(name);
    if (reason) report.problems.push({ kind: 'undeleted', path, message: `the chain records its deletion (${reason}) but the file is still there` });
    else report.problems.push({ kind: 'unexplained', path, message: parseSegmentName(name) ? 'segment file not in the manifest' : 'file not in the manifest' });
  }
  return present;
}

async function verifyBundle(dir: string, report: VerifyReport, options: VerifyOptions): Promise<void> {
  const description = JSON.parse(await readFile(join(dir, EXPORT_FILE), 'utf8')) as { anchor: string; segments: string[]; clip: { file: string } };
  const files = new Set(description.segments);
  const present = await verifyCamera(dir, join(dir, 'segments'), report, options, { anchor: description.anchor, files });
  for (const file of files) {
    if (!present.some((entry) => entry.file === file) && !report.problems.some((problem) => problem.path.endsWith(file))) {
      report.problems.push({ kind: 'missing', path: join(dir, 'segments', file), message: 'listed in export.json but not in the manifest excerpt' });
    }
  }
  report.notes.push(`${dir}: the excerpt follows chain hash ${description.anchor.slice(0, 16)}…; compare it with the camera's manifest to tie the export to the full record`);
  await verifyClip(join(dir, description.clip.file), present.sort((a, b) => a.start - b.start), dir, report, options);
}

/** Every packet of the clip (video, and sound when it has some) must be, in order, a packet of the verified segments. */
async function verifyClip(clip: string, segments: SegmentEntry[], dir: string, report: VerifyReport, options: VerifyOptions): Promise<void> {
  if (!(await exists(clip))) return void report.problems.push({ kind: 'missing', path: clip, message: 'the exported clip is missing' });
  const ffmpegPath = options.ffmpegPath;
  if (!ffmpegPath) return void report.notes.push(`${clip}: not checked (no ffmpeg)`);
  const counted: string[] = [];
  for (const [kind, what] of [['v', 'video'], ['a', 'sound']] as const) {
    const { hashes } = await probePackets(ffmpegPath, clip, undefined, kind);
    if (kind === 'a' && hashes.length === 0) continue;
    const source: string[] = [];
    for (const segment of segments) source.push(...(await probePackets(ffmpegPath, join(dir, 'segments', segment.file), undefined, kind)).hashes);
    const at = hashes.length ? source.indexOf(hashes[0]!) : -1;
    if (at < 0 || !hashes.every((hash, index) => source[at + index] === hash)) {
      return void report.problems.push({ kind: 'clip', path: clip, message: `the clip holds ${what} that is not, in order, the verified segments' packets` });
    }
    counted.push(`${hashes.length} ${what} packets`);
  }
  report.verified++;
  report.notes.push(`${clip}: ${counted.join(' and ')} match the segments`);
}

async function verifyFile(path: string, report: VerifyReport, options: VerifyOptions): Promise<void> {
  const dir = dirname(path);
  if (await exists(join(dir, EXPORT_FILE))) return verifyBundle(dir, report, options);
  if (await exists(join(dirname(dir), EXPORT_FILE))) return verifyBundle(dirname(dir), report, options);
  if (!(await exists(join(dir, MANIFEST_FILE)))) return void report.problems.push({ kind: 'unexplained', path, message: `no ${MANIFEST_FILE} beside it` });
  const chain = checkChain(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  report.entries += chain.entries.length;
  for (const problem of chain.problems) report.problems.push({ kind: 'chain', path: join(dir, MANIFEST_FILE), message: `line ${problem.line}: ${problem.message}` });
  const name = basename(path);
  const entry = chain.entries.filter((candidate) => candidate.file === name).at(-1);
  if (!entry) return void report.problems.push({ kind: 'unexplained', path, message: 'not in the manifest' });
  if (entry.type === 'delete') return void report.problems.push({ kind: 'undeleted', path, message: `the chain records its deletion (${entry.reason})` });
  const { sha256 } = await hashFile(path);
  if (sha256 !== entry.sha256) report.problems.push({ kind: 'tampered', path, message: `content differs from entry ${entry.seq}` });
  else report.verified++;
}
