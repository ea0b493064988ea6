/**
 * Motion-only recording without ffmpeg: segments are announced through the segment list as
 * ffmpeg would, events come through the recorder, and only segments that overlap an event with
 * its pre- and post-roll stay. Segments overlapping an open event wait until it ends; every drop
 * is a `no-motion` entry of the chain.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CameraRecording } from '@vigil/shared/recording';
import { CameraRecorder } from '../../apps/streamer/src/engine/recording/camera-recorder.ts';
import { verifyPath } from '../../apps/streamer/src/engine/recording/verify.ts';
import { motionEventSource, type RecordingEvent } from '../../apps/streamer/src/engine/recording/events.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-rec-motion-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

describe('motion-only recording', () => {
  it('keeps segments overlapping events (with rolls), waits for open events, drops the rest', async () => {
    const dir = join(root, 'yard');
    const recorder = new CameraRecorder('yard', dir, { ffmpegPath: 'ffmpeg', fragmentMs: 1000, onDiskFull: async () => {}, onError: () => {} });
    recorder.settings = CameraRecording.parse({ mode: 'motion', preRollSeconds: 5, postRollSeconds: 10 });
    await recorder.ready;
    const target = recorder.target();
    const tag = basename(target.pattern).split('_').at(-1)!.replace('.mp4', '');
    const names: string[] = [];
    for (let n = 0; n < 5; n++) {
      const name = `yard_${stamp(T0 + n * 60_000)}_${tag}.mp4`;
      writeFileSync(join(dir, name), `segment ${n}`);
      appendFileSync(target.listFile, `${name},${n * 60}.000000,${(n + 1) * 60}.000000\n`);
      names.push(name);
    }
    await recorder.poll();
    expect(recorder.segments.size).toBe(5);
    await recorder.event({ id: 'a', camera: 'yard', start: T0 + 125_000, end: T0 + 130_000 });
    await recorder.event({ id: 'b', camera: 'yard', start: T0 + 250_000 });
    await recorder.decideMotion(T0 + 400_000);
    // s0 and s3 have no event; s1 holds a's pre-roll, s2 the event, s4 the open event b.
    expect([...recorder.segments.keys()].sort()).toEqual([names[1], names[2], names[4]]);
    expect(existsSync(join(dir, names[0]!))).toBe(false);
    await recorder.event({ id: 'b', camera: 'yard', start: T0 + 250_000, end: T0 + 260_000 });
    await recorder.decideMotion(T0 + 500_000);
    expect(recorder.segments.size).toBe(3);
    await recorder.shutdown();
    const deletes = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; reason?: string }).filter((entry) => entry.type === 'delete');
    expect(deletes.map((entry) => entry.reason)).toEqual(['no-motion', 'no-motion']);
    const report = await verifyPath(dir);
    expect(report.problems).toEqual([]);
    expect(report.verified).toBe(3);
  });
});

describe('motionEventSource', () => {
  it('turns the motion detector\'s transitions into recorder events with their rolls', () => {
    let emit: ((transition: { type: 'start' | 'update' | 'end'; event: { id: string; camera: string; start: number; end?: number; preRollMs: number; postRollMs: number } }) => void) | undefined;
    const source = motionEventSource((callback) => {
      emit = callback;
      return () => (emit = undefined);
    });
    const seen: RecordingEvent[] = [];
    const stop = source.onEvent((event) => seen.push(event));
    const event = { id: 'm1', camera: 'yard', start: 10, preRollMs: 3000, postRollMs: 5000 };
    emit!({ type: 'start', event });
    emit!({ type: 'end', event: { ...event, end: 20 } });
    stop();
    expect(emit).toBeUndefined();
    expect(seen).toEqual([{ ...event }, { ...event, end: 20 }]);
  });
});
