// The data-channel live path (fMP4 over the session's data channel, played with MediaSource) with
// real parts: a GStreamer RTSP H.264 camera with a moving ball → the engine (packets copied) → the
// viewer UI built with Vite. First in Chromium with H.264 removed from its offer, as a browser
// without H.264 over WebRTC makes it; the Firefox run is in live-fallback-firefox.test.ts.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { expectLive, launchPinned, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * Makes Chromium offer no H.264, as Firefox does before it has its H.264 plugin: the receive
 * capabilities lose H.264, and every video transceiver prefers what is left.
 */
const NO_H264 = () => {
  const capabilities = RTCRtpReceiver.getCapabilities.bind(RTCRtpReceiver);
  RTCRtpReceiver.getCapabilities = (kind: string) => {
    const all = capabilities(kind);
    return all && { ...all, codecs: all.codecs.filter((c) => c.mimeType.toLowerCase() !== 'video/h264') };
  };
  const addTransceiver = RTCPeerConnection.prototype.addTransceiver;
  RTCPeerConnection.prototype.addTransceiver = function (this: RTCPeerConnection, ...args: Parameters<RTCPeerConnection['addTransceiver']>) {
    const transceiver = addTransceiver.apply(this, args);
    if (args[0] === 'video') transceiver.setCodecPreferences(RTCRtpReceiver.getCapabilities('video')!.codecs);
    return transceiver;
  };
};

describe('live view through the data channel (Chromium without H.264 in its offer)', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-live-fallback-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ scene: 'ball', width: 640, height: 360, fps: 15 });
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: { name: 'Home', cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'rtsp', url: rtsp.url() }, motion: { enabled: true, fps: 8, startFrames: 3 } }] },
    });
    await buildViewer(join(tmp, 'dist'));
    site = await serveStatic(join(tmp, 'dist'));
    browser = await launchPinned([]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(NO_H264);
    await page.goto(site.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await engine?.stop();
    await rtsp?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('offers no H.264 once patched (the situation under test)', async () => {
    const offered = await page.evaluate(async () => {
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      const sdp = (await pc.createOffer()).sdp ?? '';
      pc.close();
      return sdp;
    });
    expect(offered).toMatch(/a=rtpmap:\d+ VP8\/90000/);
    expect(offered).not.toMatch(/H264/i);
  });

  it('pairs by the pasted link and plays the camera live through MediaSource, motion boxes drawn', async () => {
    const uri = engine.pairing.offers.issue().uri;
    expect(await pasteUri(page, uri)).toContain('Added “Home”');
    await showCamera(page, 'yard');
    await expectLive(page);
    expect(await tile(page, 0).getAttribute('data-live-path')).toBe('mse');
    expect(await tile(page, 0).getAttribute('data-phase')).toBe('live');
    await expect(tile(page, 0).getByTestId('tile-path').textContent()).resolves.toMatch(/offers no H\.264 over WebRTC/);
    await waitFor(() => tile(page, 0).locator('.tile-info').textContent(), (t) => !!t?.includes('640×360'), 10_000, { what: 'the picture size in the tile' });
    const size = await page.locator('[data-testid=tile] video').evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight]);
    expect(size).toEqual([640, 360]);
    await waitFor(() => tile(page, 0).getByTestId('motion-box').count(), (n) => n > 0, 30_000, { what: 'motion boxes over the tile' });
    // The player holds the live edge: little is buffered ahead of the playhead.
    const ahead = await page.locator('[data-testid=tile] video').evaluate((v: HTMLVideoElement) => v.buffered.end(v.buffered.length - 1) - v.currentTime);
    expect(ahead).toBeLessThan(1.5);
    await page.screenshot({ path: join(SHOTS, 'live-fallback-chromium.png') });
  });
});
