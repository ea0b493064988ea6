/**
 * Pairing by webcam in Debian's Firefox ESR (puppeteer-core over WebDriver BiDi), against the real
 * signalling server and a test streamer (tests/viewer/streamerPeer.ts, pairing only).
 *
 * Firefox's fake camera goes through its whole capture path but shows a moving colour pattern and
 * cannot be given a picture (Chromium's `--use-file-for-fake-video-capture` has no Firefox
 * equivalent, and a v4l2 loopback device needs a kernel module this machine lacks). So the test
 * has two parts: Firefox's own fake camera opens in the scanner, plays and is released on "Stop
 * camera"; then a camera that films a QR code — a canvas stream from `captureStream()`, handed out
 * by getUserMedia in place of the fake device — is read by the scanner's real decoding of the
 * `<video>` element, which pairs the streamer. Screenshot: tests/e2e/screenshots/firefox-scanner.png.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '@vigil/signaling/node';
import { FAKE_MEDIA_PREFS, launchFirefox, openFirefoxPage, pageQueries } from '../helpers/firefox.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';
import { startTestStreamer, type TestStreamer } from '../viewer/streamerPeer.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * Runs in the page before its scripts: getUserMedia hands out a 320×240 grey picture with the QR
 * code `png` (a data URL) small in the middle, redrawn ten times a second as a camera's frames are,
 * once the test sets `window.__qrCamera`. Until then Firefox's own (fake) camera answers.
 */
const QR_CAMERA = () => {
  const w = window as unknown as { __qrCamera?: string };
  if (!navigator.mediaDevices) return; // about:blank and other pages without a secure context
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    if (!w.__qrCamera) return getUserMedia(constraints);
    const image = new Image();
    image.src = w.__qrCamera;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d')!;
    const draw = () => {
      context.fillStyle = '#707070';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, (canvas.width - image.width) / 2, (canvas.height - image.height) / 2);
    };
    draw();
    const stream = canvas.captureStream(10);
    const timer = setInterval(draw, 100);
    stream.getVideoTracks()[0]!.addEventListener('ended', () => clearInterval(timer));
    return stream;
  };
};

describe('pairing by webcam in Firefox ESR', () => {
  let tmp: string;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let signaling: SignalingServer;
  let streamer: TestStreamer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const { text, count, clickButton } = pageQueries(() => page);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-firefox-webcam-'));
    await mkdir(SHOTS, { recursive: true });
    await buildViewer(join(tmp, 'dist'));
    site = await serveStatic(join(tmp, 'dist'));
    signaling = createSignalingServer({ host: '127.0.0.1', port: 0 });
    const { url } = await signaling.start();
    streamer = await startTestStreamer({ url, video: false, cameras: [{ id: 'garage', name: 'Garage', state: 'live' }] });
    browser = await launchFirefox({ prefs: FAKE_MEDIA_PREFS });
    const opened = await openFirefoxPage(browser, 'about:blank');
    ({ page, errors } = opened);
    await page.evaluateOnNewDocument(QR_CAMERA);
    await page.goto(site.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await streamer?.stop();
    await signaling?.stop();
    await site?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('opens Firefox’s own camera in the scanner, looks for a code, and releases the camera on Stop', async () => {
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Firefox\//);
    await clickButton('Add streamer');
    await page.locator('[data-testid=start-scan]').click();
    const size = await waitFor(
      () => page.$eval('[data-testid=scanner] video', (v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight]).catch(() => [0, 0]),
      ([width]) => width! > 0,
      20_000,
      { what: 'frames from Firefox’s camera in the scanner' },
    );
    expect(size[1]).toBeGreaterThan(0);
    expect(await count('[data-testid=scanner-looking]')).toBe(1);
    expect(await count('[data-testid=scanner] [role=alert]')).toBe(0);
    // The tracks the scanner holds, then "Stop camera": the scanner goes and every track has ended.
    await page.evaluate(() => {
      const video = document.querySelector('[data-testid=scanner] video') as HTMLVideoElement;
      (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = (video.srcObject as MediaStream).getTracks();
    });
    await clickButton('Stop camera');
    await waitFor(() => count('[data-testid=scanner]'), (n) => n === 0, 10_000, { what: 'the scanner closed' });
    const states = await page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => t.readyState));
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === 'ended')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reads the QR code a camera films, outlines it and pairs the streamer', async () => {
    const code = await QRCode.toDataURL(streamer.pairingUri, { errorCorrectionLevel: 'L', margin: 4, width: 200 });
    await page.evaluate((png) => ((window as unknown as { __qrCamera?: string }).__qrCamera = png), code);
    await page.locator('[data-testid=start-scan]').click();
    await page.waitForSelector('[data-testid=scanner-found]', { timeout: 20_000 });
    expect(await count('[data-testid=scanner] .scanner-hit')).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'firefox-scanner.png') });
    const outcome = await waitFor(() => text('[data-testid=add-outcome]'), (t) => t.includes('Added'), 20_000, { what: 'the pairing outcome' });
    expect(outcome).toContain('Added “Vigil streamer”');
    expect(await count('[data-testid=scanner]')).toBe(0); // camera released
    await clickButton('Streamers');
    await waitFor(() => count('[data-testid=streamer-card]'), (n) => n === 1, 10_000, { what: 'the streamer listed' });
    expect(await page.$eval('[data-testid=streamer-name]', (el) => (el as HTMLInputElement).value || el.textContent)).toBe('Vigil streamer');
    expect(errors).toEqual([]);
  });
});
