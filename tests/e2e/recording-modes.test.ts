// Recording in the running engine with real ffmpeg: a motion-only camera keeps the segments an
// event (with its rolls) overlaps and drops the rest as `no-motion`; a continuous camera's footage
// older than its retention goes by age while the engine records on. Ages are set relative to the
// clock: segment files named as if recorded days ago, one of them crossing the limit mid-run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { verifyPath } from '../../apps/streamer/src/engine/recording/index.ts';
import { waitFor } from '../helpers/wait.ts';

const run = promisify(execFile);
const DAY = 86_400_000;
const RETENTION_DAYS = 14;
/** How long after the engine starts the edge segment outlives its retention. */
const EDGE_MARGIN_MS = 25_000;

type Entry = { type: 'segment' | 'delete'; seq: number; file: string; start?: number; end?: number; reason?: string; recovered?: boolean };
type Event = { id: string; start: number; end?: number; preRollMs?: number; postRollMs?: number };
const jsonLines = async <T>(file: string): Promise<T[]> =>
  existsSync(file) ? (await readFile(file, 'utf8')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as T) : [];

/** `<camera>_<yyyymmddThhmmss>Z_<tag>.mp4` for a start time (UTC, to the second). */
const segmentName = (camera: string, start: number, tag: string) => `${camera}_${new Date(start).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z_${tag}.mp4`;

describe('recording modes in the running engine', () => {
  let tmp: string;
  let engine: Engine;
  let root: string;
  const seeds = { old: '', edge: '', fresh: '' };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-recording-modes-'));
    root = join(tmp, 'engine', 'recordings');
    // The motion camera's scene: still, a square crossing it from 8 s to 11 s, still again (looped).
    const scene = join(tmp, 'yard.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x505050:s=320x240:r=15:d=24', '-f', 'lavfi', '-i', 'color=c=white:s=40x40:r=15:d=24',
      '-filter_complex', "[0][1]overlay=x='mod(t*100,280)':y=100:enable='between(t,8,11)',format=yuv420p", '-c:v', 'libx264', '-g', '15', '-t', '24', scene]);
    // Footage the continuous camera "recorded" before: 20 days old, just inside 14 days, 2 days old.
    const now = Date.now();
    const porch = join(root, 'porch');
    await mkdir(porch, { recursive: true });
    const edgeStart = Math.floor((now - RETENTION_DAYS * DAY + EDGE_MARGIN_MS - 2000) / 1000) * 1000;
    seeds.old = segmentName('porch', now - 20 * DAY, 'seeda');
    seeds.edge = segmentName('porch', edgeStart, 'seedb');
    seeds.fresh = segmentName('porch', now - 2 * DAY, 'seedc');
    for (const name of Object.values(seeds)) {
      await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=s=320x240:r=15:d=2', '-c:v', 'libx264', '-g', '15', '-pix_fmt', 'yuv420p',
        '-movflags', '+frag_keyframe+empty_moov+default_base_moof', join(porch, name)]);
    }
    const rolls = { preRollSeconds: 1, postRollSeconds: 1 };
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: {
        recording: { minFreeBytes: 0 },
        cameras: [
          {
            id: 'yard', name: 'Yard', source: { kind: 'file', path: scene },
            motion: { enabled: true, fps: 8, startFrames: 3, endQuietSeconds: 1, ...rolls },
            recording: { mode: 'motion', segmentSeconds: 2, ...rolls },
          },
          {
            id: 'porch', name: 'Porch', source: { kind: 'test-pattern', width: 320, height: 240, fps: 10 },
            recording: { mode: 'continuous', segmentSeconds: 2, retentionDays: RETENTION_DAYS, eventRetentionDays: RETENTION_DAYS },
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await engine?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('motion-only: keeps what an event overlaps, drops the footage before and after it', async () => {
    const dir = join(root, 'yard');
    const state = async () => {
      const events = (await jsonLines<Event>(join(dir, 'events.jsonl'))).filter((e) => e.end !== undefined);
      const entries = await jsonLines<Entry>(join(dir, 'manifest.jsonl'));
      return { events, entries };
    };
    // An ended event, and footage dropped on both sides of it.
    const { events, entries } = await waitFor(
      state,
      ({ events, entries }) => {
        const event = events[0];
        if (!event) return false;
        const dropped = entries.filter((e) => e.type === 'delete' && e.reason === 'no-motion').map((d) => entries.find((s) => s.type === 'segment' && s.file === d.file)!);
        return dropped.some((s) => s.end! < event.start) && dropped.some((s) => s.start! > event.end!);
      },
      90_000,
      { what: 'a motion event, and no-motion deletions before and after it' },
    );
    const windows = events.map((e) => ({ from: e.start - (e.preRollMs ?? 1000), to: e.end! + (e.postRollMs ?? 1000) }));
    const overlaps = (s: Entry) => windows.some((w) => s.start! <= w.to && s.end! >= w.from);
    const segments = entries.filter((e) => e.type === 'segment');
    const deleted = new Set(entries.filter((e) => e.type === 'delete').map((e) => e.file));
    // Nothing an event overlaps was dropped; everything dropped lay outside every event.
    const eventSegments = segments.filter(overlaps);
    console.log(`yard: ${events.length} event(s), ${segments.length} segments, ${eventSegments.length} kept for events, ${deleted.size} dropped`);
    expect(eventSegments.length).toBeGreaterThan(0);
    expect(eventSegments.filter((s) => deleted.has(s.file))).toEqual([]);
    for (const s of segments.filter((s) => deleted.has(s.file))) {
      expect(overlaps(s)).toBe(false);
      expect(existsSync(join(dir, s.file))).toBe(false);
    }
    for (const s of eventSegments) expect(existsSync(join(dir, s.file))).toBe(true);
    // The engine lists the kept event footage with its mark.
    const listed = engine.recording.list('yard');
    for (const s of eventSegments) expect(listed.find((l) => l.file === s.file)?.events.length).toBeGreaterThan(0);
    const report = await verifyPath(dir, { ffmpegPath: 'ffmpeg', live: true });
    expect(report.problems).toEqual([]);
  });

  it('retention by age: old footage goes at start, footage crossing the limit goes while recording goes on', async () => {
    const dir = join(root, 'porch');
    const entries = await waitFor(
      () => jsonLines<Entry>(join(dir, 'manifest.jsonl')),
      (list) => list.some((e) => e.type === 'delete' && e.file === seeds.edge),
      EDGE_MARGIN_MS + 60_000,
      { what: `the segment crossing ${RETENTION_DAYS} days (${seeds.edge}) to be deleted` },
    );
    const deletes = entries.filter((e) => e.type === 'delete');
    expect(deletes.find((e) => e.file === seeds.old)?.reason).toBe('age');
    const edgeDelete = deletes.find((e) => e.file === seeds.edge)!;
    expect(edgeDelete.reason).toBe('age');
    // It went while the engine was recording: segments it recorded itself were chained before.
    const recordedBefore = entries.filter((e) => e.type === 'segment' && !e.recovered && e.seq < edgeDelete.seq);
    expect(recordedBefore.length).toBeGreaterThan(0);
    // Nothing else went: the 2-day-old footage and everything recorded now stay.
    expect(deletes.map((e) => e.file).sort()).toEqual([seeds.old, seeds.edge].sort());
    for (const file of [seeds.old, seeds.edge]) expect(existsSync(join(dir, file))).toBe(false);
    expect(existsSync(join(dir, seeds.fresh))).toBe(true);
    const listed = engine.recording.list('porch').map((s) => s.file);
    expect(listed).toContain(seeds.fresh);
    expect(listed).not.toContain(seeds.edge);
    // And it records on after the deletion.
    const count = listed.length;
    await waitFor(() => engine.recording.list('porch').length, (n) => n > count, 20_000, { what: 'another segment after the deletion' });
    const report = await verifyPath(dir, { ffmpegPath: 'ffmpeg', live: true });
    expect(report.problems).toEqual([]);
  });
});
