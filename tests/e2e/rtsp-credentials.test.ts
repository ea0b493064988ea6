/**
 * Audit item 6: a camera's RTSP password sat in ffmpeg's command line, which any local user reads
 * in /proc/<pid>/cmdline. With the real GStreamer RTSP server asking for a password full of URL
 * delimiters, the camera must still stream, and neither ffmpeg's argv nor the engine's view of the
 * command may hold the password.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { childrenOf } from '../helpers/procs.ts';
import { startRtspServer } from '../helpers/rtsp-server.ts';
import { waitFor } from '../helpers/wait.ts';

const USER = 'viewer';
const PASSWORD = 'p@ss/w:rd%#1';

describe('RTSP credentials', () => {
  it('a camera with a password streams, and ffmpeg’s argv never holds the password', async () => {
    const server = await startRtspServer({ user: USER, password: PASSWORD, width: 320, height: 180, fps: 10, keyint: 10 });
    const cameras = createCameraManager({});
    await cameras.start();
    try {
      const url = server.url({ user: USER, password: encodeURIComponent(PASSWORD) });
      await cameras.upsert({ id: 'gate', name: 'Gate', source: { kind: 'rtsp', url, transport: 'tcp' } });
      await waitFor(() => cameras.states()[0], (state) => state?.state === 'live', 30_000, { what: 'the camera to go live' });
      await waitFor(() => cameras.stats('gate')?.fps ?? 0, (fps) => fps > 0, 20_000, { what: 'frames from the camera' });
      const ffmpeg = childrenOf(process.pid).filter((p) => p.comm === 'ffmpeg');
      expect(ffmpeg.length).toBe(1);
      const argv = readFileSync(`/proc/${ffmpeg[0]!.pid}/cmdline`, 'utf8').split('\0').join(' ');
      for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), 'p@ss', 'p%40ss', `${USER}:`]) expect(argv).not.toContain(secret);
      expect(cameras.command('gate')!.join(' ')).not.toContain('p%40ss');
    } finally {
      await cameras.stop();
      await server.stop();
    }
  }, 90_000);

  it('a wrong password is still reported as such', async () => {
    const server = await startRtspServer({ user: USER, password: PASSWORD, width: 320, height: 180, fps: 10 });
    const cameras = createCameraManager({});
    await cameras.start();
    try {
      await cameras.upsert({ id: 'gate', name: 'Gate', source: { kind: 'rtsp', url: server.url({ user: USER, password: 'wrong' }), transport: 'tcp' } });
      const state = await waitFor(() => cameras.states()[0], (s) => s?.reason === 'auth', 30_000, { what: 'the camera to report refused credentials' });
      expect(state?.message).toMatch(/user name or password/);
    } finally {
      await cameras.stop();
      await server.stop();
    }
  }, 90_000);
});
