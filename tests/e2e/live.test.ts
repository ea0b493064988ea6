/**
 * Live view end to end: a real RTSP server (GStreamer) → the engine (ffmpeg copy → werift) →
 * Chromium pages that decode the frames.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CameraState } from '@vigil/shared/config';
import { createCameraManager, type CameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { launchChromium, openViewerPage, waitFor } from '../helpers/chromium.ts';
import { connectViewer } from '../helpers/live.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';

let server: RtspServer;
let browser: Browser;
let manager: CameraManager;
const pages: Page[] = [];

async function page(): Promise<Page> {
  const opened = await openViewerPage(browser);
  pages.push(opened);
  return opened;
}

function stateOf(id: string): CameraState | undefined {
  return manager.states().find((state) => state.id === id);
}

async function waitState(id: string, check: (state: CameraState) => boolean, timeoutMs = 20_000): Promise<CameraState | undefined> {
  return waitFor(async () => stateOf(id), (state) => state !== undefined && check(state), timeoutMs);
}

beforeAll(async () => {
  server = await startRtspServer();
  browser = await launchChromium();
  manager = createCameraManager();
  await manager.start();
  await manager.upsert({ id: 'front', name: 'Front door', source: { kind: 'rtsp', url: server.url() } });
});

afterAll(async () => {
  await manager?.stop();
  for (const opened of pages) await opened.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('live view from an RTSP camera', () => {
  it('copies H.264 without an encoder and Chromium decodes 640x360', async () => {
    const live = await waitState('front', (state) => state.state === 'live');
    expect(live?.state).toBe('live');
    const args = manager.command('front') ?? [];
    expect(args).toContain('-c:v');
    expect(args[args.indexOf('-c:v') + 1]).toBe('copy');
    expect(args.join(' ')).not.toMatch(/libx264|h264_v4l2m2m|h264_vaapi|-c:v (?!copy)/);

    const { viewer } = await connectViewer(manager, await page(), 'front');
    const stats = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 15, 15_000);
    expect(stats.framesDecoded).toBeGreaterThan(15);
    expect([stats.frameWidth, stats.frameHeight]).toEqual([640, 360]);
  });

  it('serves four pages from one camera, trickle and non-trickle', async () => {
    const viewers = [];
    for (let index = 0; index < 4; index++) {
      viewers.push(await connectViewer(manager, await page(), 'front', { trickle: index % 2 === 1 }));
    }
    for (const { viewer } of viewers) {
      const stats = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
      expect(stats.framesDecoded).toBeGreaterThan(10);
      expect(stats.frameWidth).toBe(640);
    }
    expect(manager.stats('front')?.viewers).toBeGreaterThanOrEqual(4);
    // Events reach the page over the data channel.
    const { session, viewer } = viewers[0]!;
    session.sendEvent({ type: 'motion', boxes: [[0.1, 0.1, 0.2, 0.2]] });
    const events = await waitFor(() => viewer.events(), (list) => list.length > 0, 5000);
    expect(events[0]).toEqual({ type: 'motion', boxes: [[0.1, 0.1, 0.2, 0.2]] });
    for (const { session: open } of viewers.slice(1)) await manager.closeSession(open.id);
  });

  it('resumes frames after the RTSP server returns, without the page doing anything', async () => {
    const { viewer } = await connectViewer(manager, await page(), 'front');
    await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
    const port = server.port;
    await server.stop();
    await waitState('front', (state) => state.state === 'reconnecting', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the outage lasts 3 s: retries fail meanwhile
    const before = (await viewer.stats()).framesDecoded;
    server = await startRtspServer({ port });
    const back = Date.now();
    const after = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > before + 5, 30_000, { every: 100 });
    // How fast is the bench's figure (bench/live/reconnect.ts), not a limit here (issue 14).
    console.log(`live: frames resumed ${Date.now() - back} ms after the RTSP server returned`);
    expect(after.framesDecoded).toBeGreaterThan(before + 5);
    expect(stateOf('front')?.state).toBe('live');
    expect(stateOf('front')?.restarts).toBeGreaterThan(0);
  });

  it('reports bad cameras in words while another camera keeps serving', async () => {
    const { viewer } = await connectViewer(manager, await page(), 'front');
    await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 5, 15_000);
    const h265 = await startRtspServer({ codec: 'h265' });
    const locked = await startRtspServer({ user: 'admin', password: 'secret' });
    try {
      await manager.upsert({ id: 'bad-syntax', name: 'Bad URL', source: { kind: 'rtsp', url: 'rtsp://127.0.0.1:99999/cam' } });
      await manager.upsert({ id: 'unreachable', name: 'Off', source: { kind: 'rtsp', url: 'rtsp://127.0.0.1:9/cam' } });
      await manager.upsert({ id: 'wrong-password', name: 'Locked', source: { kind: 'rtsp', url: locked.url({ user: 'admin', password: 'Hunter2x' }) } });
      await manager.upsert({ id: 'hevc', name: 'HEVC', source: { kind: 'rtsp', url: h265.url() } });
      await manager.upsert({ id: 'no-such-path', name: '404', source: { kind: 'rtsp', url: `rtsp://127.0.0.1:${server.port}/nope` } });

      expect(await waitState('bad-syntax', (state) => state.state === 'failed')).toMatchObject({ state: 'failed', reason: 'bad-url' });
      expect(await waitState('unreachable', (state) => state.state === 'reconnecting')).toMatchObject({ reason: 'unreachable' });
      expect(await waitState('wrong-password', (state) => state.state === 'failed')).toMatchObject({ reason: 'auth', message: expect.stringMatching(/user name or password/) });
      // H.265 is copied (its viewers get it over the data channel): live, not refused.
      expect(await waitState('hevc', (state) => state.state === 'live')).toMatchObject({ state: 'live' });
      expect(await waitState('no-such-path', (state) => state.state === 'reconnecting')).toMatchObject({ reason: 'not-found' });
      // Credentials never show in what the engine reports.
      expect(JSON.stringify(manager.states()) + (manager.stats('wrong-password')?.lastError ?? '') + manager.command('wrong-password')?.join(' ')).not.toContain('Hunter2x');

      const before = (await viewer.stats()).framesDecoded;
      const after = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > before + 10, 10_000);
      expect(after.framesDecoded).toBeGreaterThan(before + 10);
      expect(stateOf('front')?.state).toBe('live');
    } finally {
      for (const id of ['bad-syntax', 'unreachable', 'wrong-password', 'hevc', 'no-such-path']) await manager.remove(id);
      await h265.stop();
      await locked.stop();
    }
  });

  it('transcodes an MJPEG camera once and Chromium decodes it', async () => {
    const mjpeg = await startRtspServer({ codec: 'jpeg' });
    try {
      await manager.upsert({ id: 'mjpeg', name: 'Old camera', source: { kind: 'rtsp', url: mjpeg.url() } });
      // The codec is learnt from ffmpeg's first lines: packets of the first (copying) process may
      // already have arrived, so wait for the encoding process rather than the first 'live'.
      const command = await waitFor(async () => manager.command('mjpeg')?.join(' ') ?? '', (line) => /-c:v libx264/.test(line), 15_000);
      expect(command).toMatch(/-c:v libx264/);
      await waitState('mjpeg', (state) => state.state === 'live');
      const { viewer } = await connectViewer(manager, await page(), 'mjpeg');
      const stats = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
      expect([stats.frameWidth, stats.frameHeight]).toEqual([640, 360]);
    } finally {
      await manager.remove('mjpeg');
      await mjpeg.stop();
    }
  });

  it('serves grid tiles from the substream when asked, from the same ffmpeg process', async () => {
    const sub = await startRtspServer({ width: 320, height: 180 });
    try {
      await manager.upsert({ id: 'dual', name: 'Dual', source: { kind: 'rtsp', url: server.url(), substreamUrl: sub.url() } });
      await waitState('dual', (state) => state.state === 'live');
      const args = manager.command('dual') ?? [];
      expect(args.filter((arg) => arg === '-i')).toHaveLength(2);
      expect(args.join(' ')).not.toMatch(/libx264/);
      const tile = await connectViewer(manager, await page(), 'dual', { substream: true });
      const full = await connectViewer(manager, await page(), 'dual');
      const tileStats = await waitFor(() => tile.viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
      const fullStats = await waitFor(() => full.viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
      expect([tileStats.frameWidth, tileStats.frameHeight]).toEqual([320, 180]);
      expect([fullStats.frameWidth, fullStats.frameHeight]).toEqual([640, 360]);
      expect(manager.sessions().filter((session) => session.cameraId === 'dual').map((session) => session.substream).sort()).toEqual([false, true]);
    } finally {
      await manager.remove('dual');
      await sub.stop();
    }
  });

  it('recovers lost packets with NACK retransmissions', async () => {
    // werift's debug switch drops a packet when loss/100 < random(), i.e. it keeps `loss` percent:
    // 95 means 5 % of SRTP (and DTLS) packets are lost on the way out.
    const lossy = createCameraManager({ rtc: { iceServers: [], debug: { outboundPacketLoss: 95 } } });
    await lossy.start();
    try {
      await lossy.upsert({ id: 'lossy', name: 'Lossy', source: { kind: 'rtsp', url: server.url() } });
      await waitFor(async () => lossy.states()[0]?.state, (state) => state === 'live', 20_000);
      const { viewer } = await connectViewer(lossy, await page(), 'lossy');
      await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 5, 20_000);
      const before = await viewer.stats();
      // 50 more frames (over 3 s at 15 fps) decoded through 95 % loss: the retransmissions repair them.
      const after = await waitFor(() => viewer.stats(), (now) => now.nackCount > 0 && now.framesDecoded - before.framesDecoded > 50, 30_000, { what: 'NACKs sent and 50 more frames decoded' });
      expect(after.nackCount).toBeGreaterThan(0);
      expect(after.framesDecoded - before.framesDecoded).toBeGreaterThan(50);
    } finally {
      await lossy.stop();
    }
  });

  it('refuses sessions for unknown cameras and offers it cannot answer', async () => {
    await expect(manager.openSession({ cameraId: 'nope', offerSdp: 'v=0' })).rejects.toMatchObject({ code: 'unknown-camera' });
    await expect(manager.openSession({ cameraId: 'front', offerSdp: 'not sdp' })).rejects.toMatchObject({ code: 'bad-offer' });
  });

  it('encodes a test pattern once and Chromium decodes it', async () => {
    await manager.upsert({ id: 'pattern', name: 'Pattern', source: { kind: 'test-pattern', width: 320, height: 180, fps: 15 } });
    try {
      await waitState('pattern', (state) => state.state === 'live');
      expect(manager.command('pattern')?.join(' ')).toMatch(/-c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline/);
      const { viewer } = await connectViewer(manager, await page(), 'pattern');
      const stats = await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 10, 15_000);
      expect([stats.frameWidth, stats.frameHeight]).toEqual([320, 180]);
    } finally {
      await manager.remove('pattern');
    }
  });
});
