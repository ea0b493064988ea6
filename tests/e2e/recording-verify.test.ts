/**
 * Evidence checks: record a few segments with a motion event, list them with event marks,
 * export a range (it verifies on its own with `vigil verify`), then change one byte in one
 * segment and delete another by hand: `vigil verify` names each and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { openSync, readSync, writeSync, closeSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { createRecordingService, type RecordingEvent } from '../../apps/streamer/src/engine/recording/index.ts';
import { waitFor } from '../helpers/wait.ts';

const VERIFY = fileURLToPath(new URL('../../apps/streamer/bin/vigil-verify.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-rec-verify-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

function verify(path: string): { code: number; out: string } {
  const result = spawnSync(process.execPath, [VERIFY, path], { encoding: 'utf8' });
  return { code: result.status ?? -1, out: result.stdout + result.stderr };
}

/** Flips one byte in the middle of a file, as a careless or malicious edit would. */
function flipByte(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0xff;
  writeSync(fd, byte, 0, 1, at);
  closeSync(fd);
}

describe('vigil verify', () => {
  it('verifies an export on its own and names tampered, missing and unexplained files', async () => {
    const listeners = new Set<(event: RecordingEvent) => void>();
    const service = createRecordingService({ storage: { root, minFreeBytes: 0 }, pollMs: 200, events: { onEvent: (callback) => (listeners.add(callback), () => listeners.delete(callback)) } });
    await service.start();
    const cameras = createCameraManager({ recording: service.hook });
    await cameras.start();
    await cameras.upsert({ id: 'door', name: 'Door', source: { kind: 'test-pattern', width: 320, height: 240, fps: 15 }, recording: { mode: 'continuous', segmentSeconds: 2 } });
    const closed = () => service.list('door');
    await waitFor(closed, (list) => list.length >= 2, 30_000, { what: 'two segments closed before the event' });
    const event: RecordingEvent = { id: 'ev1', camera: 'door', start: Date.now() };
    for (const listener of listeners) listener(event);
    // The event ends once recorded time covers a second of it.
    await waitFor(closed, (list) => list.some((segment) => segment.end >= event.start + 1000), 30_000, { what: 'a segment closed a second into the event' });
    for (const listener of listeners) listener({ ...event, end: Date.now() });
    await waitFor(closed, (list) => list.length >= 5, 30_000, { what: 'five closed segments' });
    await cameras.stop();

    const segments = service.list('door');
    expect(segments.length).toBeGreaterThanOrEqual(5);
    const marked = segments.filter((segment) => segment.events.some((mark) => mark.id === 'ev1'));
    expect(marked.length).toBeGreaterThan(0);
    // Export from mid-way through the second segment to mid-way through the fourth.
    const from = segments[1]!.start + 1000;
    const to = segments[3]!.start + 1000;
    const progress: number[] = [];
    const result = await service.export('door', from, to, (fraction) => progress.push(fraction));
    expect(progress.at(-1)).toBe(1);
    expect(result.segments).toHaveLength(3);
    await service.stop();

    const bundle = verify(result.folder);
    expect(bundle.out).toContain('packets match the segments');
    expect(bundle.code, bundle.out).toBe(0);
    expect(verify(root).code).toBe(0);

    const dir = join(root, 'door');
    const tampered = segments[1]!.file;
    const deleted = segments[4]!.file;
    flipByte(join(dir, tampered), 50_000);
    unlinkSync(join(dir, deleted));
    writeFileSync(join(dir, 'door_20200101T000000Z_x.mp4'), 'not a recording');
    const report = verify(dir);
    console.log(report.out);
    expect(report.code).toBe(1);
    expect(report.out).toMatch(new RegExp(`TAMPERED \\S*${tampered}`));
    expect(report.out).toMatch(new RegExp(`MISSING \\S*${deleted}`));
    expect(report.out).toMatch(/UNEXPLAINED \S*door_20200101T000000Z_x\.mp4/);
    // A single clip can be checked too.
    expect(verify(join(dir, tampered)).code).toBe(1);
    expect(verify(join(dir, segments[2]!.file)).code).toBe(0);
    // The export was made before the edits and holds its own copies: it still verifies.
    expect(verify(result.folder).code).toBe(0);
    // An edited clip is caught by its packets.
    flipByte(join(result.folder, 'clip.mp4'), 60_000);
    const clip = verify(result.folder);
    expect(clip.code).toBe(1);
    expect(clip.out).toContain('CLIP');
    expect(readdirSync(join(result.folder, 'segments'))).toHaveLength(3);
  });
});
