/**
 * Exports a time range of one camera as a bundle folder that verifies on its own:
 *
 *   clip.mp4       the range as one MP4, packets copied (concat demuxer, `-c copy`)
 *   segments/      copies of the recorded segments it was cut from
 *   manifest.jsonl the consecutive run of chain entries covering those segments
 *   export.json    what was exported, and the hash the excerpt's first entry follows
 *
 * `vigil verify <bundle>` checks the excerpt's chain, each segment against it, and that every
 * packet of clip.mp4 is, in order, a packet of those segments.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type SegmentEntry } from '@vigil/shared/recording';
import { checkChain } from './chain.ts';
import { hashFile } from './hash-file.ts';

/** The file describing a bundle. */
export const EXPORT_FILE = 'export.json';

/** What exportClip needs. */
export interface ExportOptions {
  ffmpegPath: string;
  /** The camera's folder (segments and manifest). */
  dir: string;
  camera: string;
  from: number;
  to: number;
  exportsDir: string;
  onProgress?(fraction: number): void;
  /** Told the bundle's folder as soon as it exists (housekeeping keeps it while it is written). */
  onFolder?(folder: string): void;
}

/** A finished export. */
export interface ExportResult {
  folder: string;
  clip: string;
  segments: string[];
  bytes: number;
  /** Wall time the export took, ms. */
  elapsedMs: number;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Cuts [from, to] of a camera into a bundle folder; progress goes from 0 to 1. */
export async function exportClip(options: ExportOptions): Promise<ExportResult> {
  const began = Date.now();
  const { entries } = checkChain(await readFile(join(options.dir, MANIFEST_FILE), 'utf8'));
  const deleted = new Set(entries.filter((entry) => entry.type === 'delete').map((entry) => entry.file));
  const chosen = entries.filter((entry): entry is SegmentEntry => entry.type === 'segment' && !deleted.has(entry.file) && entry.start <= options.to && entry.end >= options.from);
  if (chosen.length === 0) throw new Error('No recordings in that range.');
  chosen.sort((a, b) => a.start - b.start);
  await mkdir(options.exportsDir, { recursive: true });
  const folder = await freshFolder(join(options.exportsDir, `${options.camera}_${stamp(options.from)}-${stamp(options.to)}`));
  options.onFolder?.(folder);
  await mkdir(join(folder, 'segments'));
  for (const segment of chosen) {
    const source = join(options.dir, segment.file);
    const target = join(folder, 'segments', segment.file);
    // A copy, not a hard link: a link would share its bytes with the original, so the export could
    // be altered through the recordings folder. FICLONE makes it a free reflink where the
    // filesystem can (btrfs, XFS), a plain copy elsewhere.
    await copyFile(source, target, constants.COPYFILE_FICLONE);
  }
  const seqs = chosen.map((entry) => entry.seq);
  const excerpt = entries.filter((entry) => entry.seq >= Math.min(...seqs) && entry.seq <= Math.max(...seqs));
  await writeFile(join(folder, MANIFEST_FILE), excerpt.map((entry) => `${JSON.stringify(entry)}\n`).join(''));

  // inpoint/outpoint trim the first and last segment; with packet copy the cut lands on the
  // keyframe before `from`, so the clip may start slightly early but always decodes.
  const first = chosen[0]!;
  const last = chosen.at(-1)!;
  const lines = ['ffconcat version 1.0'];
  for (const segment of chosen) {
    lines.push(`file 'segments/${segment.file}'`);
    if (segment === first && options.from > first.start) lines.push(`inpoint ${((options.from - first.start) / 1000).toFixed(3)}`);
    if (segment === last && options.to < last.end) lines.push(`outpoint ${((options.to - last.start) / 1000).toFixed(3)}`);
  }
  await writeFile(join(folder, 'concat.txt'), `${lines.join('\n')}\n`);
  const totalMs = Math.max(1, Math.min(options.to, last.end) - Math.max(options.from, first.start));
  const clip = join(folder, 'clip.mp4');
  await runConcat(options.ffmpegPath, folder, totalMs, options.onProgress);
  const { sha256, bytes } = await hashFile(clip);
  const description = {
    version: 1,
    camera: options.camera,
    from: options.from,
    to: options.to,
    createdAt: Date.now(),
    clip: { file: 'clip.mp4', sha256, bytes },
    segments: chosen.map((segment) => segment.file),
    anchor: excerpt[0]!.prev,
    head: excerpt.at(-1)!.hash,
  };
  await writeFile(join(folder, EXPORT_FILE), `${JSON.stringify(description, null, 2)}\n`);
  options.onProgress?.(1);
  return { folder, clip, segments: description.segments, bytes, elapsedMs: Date.now() - began };
}

/**
 * Creates a folder no other export has: mkdir itself is the test (EEXIST: try the next name).
 * A stat-then-mkdir let two identical exports started together share one folder.
 */
async function freshFolder(base: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? base : `${base}-${n}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function runConcat(ffmpegPath: string, folder: string, totalMs: number, onProgress?: (fraction: number) => void): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', 'concat.txt', '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-movflags', '+faststart', '-progress', 'pipe:1', '-nostats', '-y', 'clip.mp4'];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()).slice(-4000));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const match = /out_time_us=(\d+)/.exec(chunk.split('\n').filter((line) => line.startsWith('out_time_us=')).at(-1) ?? '');
      if (match) onProgress?.(Math.min(0.99, Number(match[1]) / 1000 / totalMs));
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`export failed (${code}): ${errors.trim().slice(0, 500)}`))));
  });
}
