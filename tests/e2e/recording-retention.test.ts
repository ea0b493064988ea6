/**
 * Retention while recording: a small per-camera quota evicts the oldest segments as new ones
 * close; a 2 MB tmpfs filled to ENOSPC neither crashes the engine nor stops it for good (it
 * evicts, raises an alert and records on); the free-space guard keeps the same disk from filling.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingAlert } from '@vigil/shared/recording';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { createRecordingService, verifyPath } from '../../apps/streamer/src/engine/recording/index.ts';
import { requireRoot } from '../helpers/root.ts';
import { waitFor } from '../helpers/wait.ts';

const PATTERN = { kind: 'test-pattern', width: 320, height: 240, fps: 15 } as const;
const base = mkdtempSync(join(tmpdir(), 'vigil-rec-retention-'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

type Entry = { type: string; file: string; reason?: string; seq: number };
/** What a recording waits for: a check of the manifest and alerts so far, and its words. */
type Done = { what: string; check: (entries: Entry[], alerts: RecordingAlert[]) => boolean };
/** Entries after the first eviction (empty while nothing was evicted). */
const afterFirstDelete = (entries: Entry[]) => {
  const first = entries.findIndex((entry) => entry.type === 'delete');
  return first < 0 ? [] : entries.slice(first + 1);
};
/** Recording went on after an eviction: a segment closed after the first delete entry. */
const recordedAfterEviction = (entries: Entry[]) => afterFirstDelete(entries).some((entry) => entry.type === 'segment');
const manifestOf = (dir: string): Entry[] => readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);

/** The camera's manifest so far; empty before its first entry (or while a line is half written). */
function entriesOf(root: string): Entry[] {
  try {
    return manifestOf(join(root, 'cam'));
  } catch {
    return [];
  }
}

/** Records one test-pattern camera into `root` until `done` holds for its manifest and alerts (60 s at most), returning the alerts raised. */
async function record(root: string, done: Done, recording: Record<string, unknown>, storage: Record<string, number>) {
  const alerts: RecordingAlert[] = [];
  const service = createRecordingService({ storage: { root, ...storage }, pollMs: 200, diskFullFreeBytes: 300 * 1024 });
  service.onAlert((alert) => alerts.push(alert));
  await service.start();
  const cameras = createCameraManager({ recording: service.hook, recordRetryMs: 1000, initialBackoffMs: 200 });
  await cameras.start();
  await cameras.upsert({ id: 'cam', name: 'Cam', source: PATTERN, recording: { mode: 'continuous', segmentSeconds: 2, ...recording } });
  try {
    await waitFor(() => ({ entries: entriesOf(root), alerts: [...alerts] }), (now) => done.check(now.entries, now.alerts), 60_000, { what: done.what, every: 250 });
    return { alerts, usage: service.usage() };
  } finally {
    await cameras.stop();
    await service.stop();
  }
}

describe('retention while recording', () => {
  it('evicts the oldest segments to stay within a camera quota and keeps recording', async () => {
    const root = join(base, 'quota');
    const quota = 450 * 1024;
    const done = { what: 'an eviction, then two more entries with a segment', check: (entries: Entry[]) => recordedAfterEviction(entries) && afterFirstDelete(entries).length >= 2 };
    const { usage } = await record(root, done, { quotaBytes: quota }, { minFreeBytes: 0 });
    const entries = manifestOf(join(root, 'cam'));
    const segments = entries.filter((entry) => entry.type === 'segment').map((entry) => entry.file);
    const deletes = entries.filter((entry) => entry.type === 'delete');
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((entry) => entry.reason === 'camera-quota')).toBe(true);
    // Oldest first: the deleted files are exactly the first segments recorded.
    expect(deletes.map((entry) => entry.file)).toEqual(segments.slice(0, deletes.length));
    // Recording went on after the first eviction.
    expect(entries.at(-1)!.seq).toBeGreaterThan(deletes[0]!.seq + 1);
    expect(usage[0]!.bytes).toBeLessThanOrEqual(quota + 200 * 1024);
    // Thumbnails are derived data: the evicted segments' went with them, the kept ones' stay.
    const thumbs = readdirSync(join(root, 'cam', '.thumbs')).sort();
    const kept = segments.filter((file) => !deletes.some((entry) => entry.file === file));
    expect(thumbs).toEqual(kept.map((file) => file.replace(/\.mp4$/, '.jpg')).filter((name) => thumbs.includes(name)));
    expect(thumbs.length).toBeGreaterThanOrEqual(kept.length - 1);
    const report = await verifyPath(root, { ffmpegPath: 'ffmpeg' });
    expect(report.problems).toEqual([]);
  });

  describe('on a 2 MB tmpfs', () => {
    const mount = join(base, 'tmpfs');
    mkdirSync(mount, { recursive: true });
    afterAll(() => {
      try {
        execFileSync('umount', [mount], { stdio: 'ignore' });
      } catch {
        // Not mounted.
      }
    });

    it('survives ENOSPC: no crash, eviction, an alert, recording goes on', async () => {
      requireRoot('mounts a 2 MB tmpfs to fill');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
      try {
        // Most of the disk is taken by something else: the recorder gets ~600 KB, four segments.
        writeFileSync(join(mount, 'filler'), Buffer.alloc(1400 * 1024));
        const root = join(mount, 'full');
        const done = { what: 'a disk-full or record-failed alert, an eviction and a segment after it', check: (entries: Entry[], alerts: RecordingAlert[]) => alerts.some((alert) => alert.kind === 'disk-full' || alert.kind === 'record-failed') && recordedAfterEviction(entries) };
        const { alerts } = await record(root, done, {}, { minFreeBytes: 0 });
        const kinds = new Set(alerts.map((alert) => alert.kind));
        console.log('ENOSPC alerts:', alerts.map((alert) => `${alert.kind}: ${alert.message}`).join(' | '));
        expect(kinds.has('disk-full') || kinds.has('record-failed')).toBe(true);
        const entries = manifestOf(join(root, 'cam'));
        const firstDelete = entries.findIndex((entry) => entry.type === 'delete');
        expect(firstDelete).toBeGreaterThan(0);
        // Segments closed after the first eviction: recording resumed.
        expect(entries.slice(firstDelete).some((entry) => entry.type === 'segment')).toBe(true);
        const report = await verifyPath(root, { ffmpegPath: 'ffmpeg' });
        // Every file evicted under pressure has its delete entry: the chain explains every gap.
        expect(report.problems).toEqual([]);
      } finally {
        execFileSync('umount', [mount]);
      }
    });

    it('the free-space guard evicts before the disk fills', async () => {
      requireRoot('mounts a 2 MB tmpfs to fill');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
      try {
        // 800 KB taken by something else: the guard (700 KB) is reached after ~500 KB of video.
        writeFileSync(join(mount, 'filler'), Buffer.alloc(800 * 1024));
        const root = join(mount, 'guard');
        const done = { what: 'an eviction by the guard and a segment after it', check: recordedAfterEviction };
        const { alerts } = await record(root, done, {}, { minFreeBytes: 700 * 1024 });
        expect(alerts.filter((alert) => alert.kind === 'disk-full' || alert.kind === 'record-failed')).toEqual([]);
        const deletes = manifestOf(join(root, 'cam')).filter((entry) => entry.type === 'delete');
        expect(deletes.length).toBeGreaterThan(0);
        expect(deletes.every((entry) => entry.reason === 'free-space')).toBe(true);
        const report = await verifyPath(root, { ffmpegPath: 'ffmpeg' });
        expect(report.problems).toEqual([]);
      } finally {
        execFileSync('umount', [mount]);
      }
    });
  });
});
