/**
 * Recording an H.264 RTSP camera (GStreamer fixture): packets are copied, never re-encoded, by
 * the same ffmpeg that feeds live view; every closed segment decodes without an error and the
 * folder verifies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { createRecordingService, verifyPath } from '../../apps/streamer/src/engine/recording/index.ts';
import { startRtspServer } from '../helpers/rtsp-server.ts';
import { waitFor } from '../helpers/wait.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-rec-rtsp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('recording an RTSP camera', () => {
  it('copies H.264 into clean segments alongside live view', async () => {
    const server = await startRtspServer({ width: 640, height: 360, fps: 15, keyint: 15 });
    const service = createRecordingService({ storage: { root, minFreeBytes: 0 }, pollMs: 200 });
    await service.start();
    const cameras = createCameraManager({ recording: service.hook });
    await cameras.start();
    try {
      await cameras.upsert({ id: 'gate', name: 'Gate', source: { kind: 'rtsp', url: server.url(), transport: 'tcp' }, recording: { mode: 'continuous', segmentSeconds: 2 } });
      // Three closed segments covering over 6 s of video (what is checked below, once stopped).
      const covered = (list: { start: number; end: number }[]) => list.reduce((sum, segment) => sum + segment.end - segment.start, 0);
      await waitFor(() => service.list('gate'), (list) => list.length >= 3 && covered(list) > 6000, 60_000, { what: 'three closed segments over 6 s in all' });
      const command = cameras.command('gate')!.join(' ');
      expect(command).not.toMatch(/libx264/);
      expect(command).toContain('-c:v copy');
      expect(command).toContain('-f tee');
      expect(cameras.states()[0]!.state).toBe('live');
    } finally {
      await cameras.stop();
      await service.stop();
      await server.stop();
    }
    const again = createRecordingService({ storage: { root, minFreeBytes: 0 } });
    await again.start();
    const segments = again.list('gate');
    await again.stop();
    expect(segments.length).toBeGreaterThanOrEqual(3);
    for (const segment of segments) {
      const decoded = spawnSync('ffmpeg', ['-v', 'error', '-i', join(root, 'gate', segment.file), '-f', 'null', '-'], { encoding: 'utf8' });
      expect(decoded.stderr.trim()).toBe('');
      expect(decoded.status).toBe(0);
    }
    // Cuts land on the first keyframe after each wall-clock boundary (multiples of segmentSeconds),
    // so a segment is up to one GOP (1 s) longer, plus the packets' arrival jitter on a loaded
    // machine (the first ones can be short: the run starts between boundaries, and ffmpeg re-bases
    // RTSP timestamps on the first RTCP sender report); together they cover the run.
    for (const segment of segments) expect(segment.end - segment.start).toBeLessThanOrEqual(2000 + 1000 + 1000);
    expect(segments.reduce((sum, segment) => sum + segment.end - segment.start, 0)).toBeGreaterThan(6000);
    expect((await verifyPath(root)).problems).toEqual([]);
    // A thumbnail per closed segment, beside the recordings, listed, and outside the hash chain.
    for (const segment of segments) {
      expect(segment.thumbnail).toBe(segment.file.replace(/\.mp4$/, '.jpg'));
      const jpeg = readFileSync(join(root, 'gate', '.thumbs', segment.thumbnail!));
      expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const size = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width', '-of', 'csv=p=0', join(root, 'gate', '.thumbs', segment.thumbnail!)], { encoding: 'utf8' });
      expect(size.stdout.trim()).toBe('320');
    }
  });
});
