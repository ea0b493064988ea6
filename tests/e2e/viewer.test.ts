/**
 * The viewer UI end to end: built with Vite, served as static files, driven in Chromium against
 * the real signalling server and real streamers (tests/viewer/streamerPeer.ts: the engine's
 * signalling bridge with werift sessions sending ffmpeg's H.264 test pattern).
 *
 * Covers pairing by pasted link (with a refused link first), by a QR code seen through a fake
 * webcam and by an image file, the streamers screen, drag and drop onto tiles, decoded live video, a refusal reason on
 * a tile, every layout, full screen, a snapshot, persistence across a reload, reconnection
 * without a click (after the streamer drops the session, and after the signalling server
 * restarts), and removal. Screenshots go to tests/e2e/screenshots/viewer-*.png.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '@vigil/signaling/node';
import { buildViewer, launchWithWebcam, qrWebcamVideo, serveStatic, waitFor } from '../viewer/harness.ts';
import { startTestStreamer, type TestStreamer } from '../viewer/streamerPeer.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const REFUSAL = 'The camera refused the user name or password.';

describe('viewer UI in Chromium', () => {
  let tmp: string;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let signaling: SignalingServer;
  let signalingPort: number;
  let home: TestStreamer;
  let garage: TestStreamer;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `viewer-${name}.png`) });
  const tile = (slot: number) => page.locator(`[data-testid=tile][data-slot="${slot}"]`);
  const frames = async (slot: number) => Number(await tile(slot).getAttribute('data-frames-decoded'));
  const phase = (slot: number) => tile(slot).getAttribute('data-phase');
  const waitLive = async (slot: number, timeoutMs = 30_000) => {
    const decoded = await waitFor(() => frames(slot), (n) => n > 0, timeoutMs);
    const why = (await tile(slot).getByTestId('tile-message').allTextContents()).join(' ');
    expect(await phase(slot), `tile ${slot}: ${why}`).toBe('live');
    expect(decoded).toBeGreaterThan(0);
  };

  /** Every visible tile lies inside the grid area and no two overlap. */
  const checkGeometry = async () => {
    const grid = (await page.getByTestId('grid').boundingBox())!;
    const boxes = await page.getByTestId('tile').evaluateAll((tiles) =>
      tiles.filter((t) => (t as HTMLElement).offsetParent !== null).map((t) => {
        const r = t.getBoundingClientRect();
        return { slot: t.getAttribute('data-slot'), x: r.x, y: r.y, w: r.width, h: r.height, style: t.getAttribute('style') };
      }),
    );
    const msg = JSON.stringify({ grid, boxes });
    for (const b of boxes) {
      expect(b.x >= grid.x - 1 && b.y >= grid.y - 1 && b.x + b.w <= grid.x + grid.width + 1 && b.y + b.h <= grid.y + grid.height + 1, msg).toBe(true);
      for (const o of boxes) {
        if (o === b) continue;
        const overlap = b.x < o.x + o.w - 1 && o.x < b.x + b.w - 1 && b.y < o.y + o.h - 1 && o.y < b.y + b.h - 1;
        expect(overlap, msg).toBe(false);
      }
    }
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-viewer-e2e-'));
    await mkdir(SHOTS, { recursive: true });
    await buildViewer(join(tmp, 'dist'));
    site = await serveStatic(join(tmp, 'dist'));
    signaling = createSignalingServer({ host: '127.0.0.1', port: 0 });
    const { url, port } = await signaling.start();
    signalingPort = port;
    home = await startTestStreamer({
      url,
      cameras: [
        { id: 'front', name: 'Front door', state: 'live' },
        { id: 'back', name: 'Back yard', state: 'live' },
      ],
    });
    garage = await startTestStreamer({ url, video: false, cameras: [{ id: 'garage', name: 'Garage', state: 'failed', refuse: REFUSAL }] });
    browser = await launchWithWebcam(await qrWebcamVideo(garage.pairingUri, tmp));
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(site.url);
  });

  afterAll(async () => {
    await browser?.close();
    await home?.stop();
    await garage?.stop();
    await signaling?.stop();
    await site?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('first run: explains a refused pairing link, then pairs from a pasted one', async () => {
    await page.getByRole('heading', { name: 'Welcome to Vigil' }).waitFor();
    await shot('first-run');
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await page.getByRole('heading', { name: 'Nothing to watch yet' }).waitFor();
    await shot('live-empty');
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    await page.getByRole('heading', { name: 'No streamers yet' }).waitFor();
    await page.getByRole('button', { name: 'Add a streamer' }).click();
    await page.getByTestId('uri-input').fill(`vigil://pair?v=1&u=192.168.1.20:8443&id=${home.streamerId}&t=${'A'.repeat(22)}`);
    await page.getByTestId('uri-submit').click();
    const outcome = page.getByTestId('add-outcome');
    await expect(outcome.textContent()).resolves.toContain('fingerprint: is required for a wss:// address');
    await shot('add-error');
    await page.getByTestId('uri-input').fill(home.pairingUri);
    await page.getByTestId('uri-submit').click();
    await waitFor(() => outcome.textContent(), (t) => !!t?.includes('Added “Vigil streamer”'), 10_000);
  });

  it('scans a QR code from the webcam and pairs the second streamer', async () => {
    await page.getByTestId('start-scan').click();
    await page.getByTestId('scanner-found').waitFor({ timeout: 20_000 });
    await shot('scanner');
    await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t?.includes('Vigil streamer (2)'), 10_000);
    await expect(page.getByTestId('add-outcome').textContent()).resolves.toContain('Added “Vigil streamer (2)”');
    await expect(page.getByTestId('scanner').count()).resolves.toBe(0); // camera released
  });

  it('reads a QR code from an image file, and says when an image has none', async () => {
    const outcome = page.getByTestId('add-outcome');
    const blank = await page.screenshot(); // the page itself: no QR code on it
    await page.getByTestId('qr-file').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blank });
    await waitFor(() => outcome.textContent(), (t) => !!t?.includes('No QR code found'), 10_000);
    const png = join(tmp, 'home-qr.png');
    await QRCode.toFile(png, home.pairingUri, { width: 480 });
    await page.getByTestId('qr-file').setInputFiles(png);
    await waitFor(() => outcome.textContent(), (t) => !!t?.includes('already paired'), 10_000);
    await expect(outcome.textContent()).resolves.toContain('“Vigil streamer” was already paired');
  });

  it('lists both streamers with their cameras, and renames one', async () => {
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    const cards = page.getByTestId('streamer-card');
    await waitFor(() => cards.count(), (n) => n === 2, 5_000);
    await waitFor(() => page.locator('.camera-row').count(), (n) => n === 3, 15_000);
    const name = page.getByTestId('streamer-name').first();
    await name.fill('Home');
    await name.press('Enter');
    await page.getByTestId('streamer-name').nth(1).fill('Garage');
    await page.getByTestId('streamer-name').nth(1).press('Enter');
    await expect(cards.first().textContent()).resolves.toContain('Front door');
    await expect(page.getByTestId('summary').textContent()).resolves.toBe('2 of 2 streamers online');
    await shot('streamers');
  });

  it('filled the empty grid with the first streamer’s cameras at pairing, in the 2-tile layout; the second left it', async () => {
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await waitFor(() => tile(1).getAttribute('data-camera'), (camera) => camera === 'back', 10_000, { what: 'the paired cameras on the grid' });
    expect(await tile(0).getAttribute('data-camera')).toBe('front');
    expect(await page.getByTestId('layout-2').getAttribute('aria-checked')).toBe('true');
    await shot('grid-filled-after-pairing');
  });

  it('shows live H.264 video in a tile after a camera is dragged onto it', async () => {
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await page.getByTestId('layout-4').click();
    await shot('grid-unassigned');
    await page.locator('[data-testid=camera-item][data-camera=front]').dragTo(tile(0));
    await page.locator('[data-testid=camera-item][data-camera=back]').dragTo(tile(1));
    await page.locator('[data-testid=camera-item][data-camera=garage]').dragTo(tile(3));
    expect(await tile(0).getAttribute('data-camera')).toBe('front');
    await waitLive(0);
    await waitLive(1);
    const before = await frames(0);
    expect(await waitFor(() => frames(0), (n) => n > before, 15_000, { what: 'more frames decoded' })).toBeGreaterThan(before); // frames keep being decoded
    await waitFor(() => phase(3), (p) => p === 'offline', 10_000);
    await expect(tile(3).getByTestId('tile-message').textContent()).resolves.toContain(REFUSAL);
    await expect(tile(0).locator('.tile-info').textContent()).resolves.toMatch(/H264 · 640×360/);
    await checkGeometry();
    await shot('layout-4');
  });

  it('saves a snapshot of a tile as PNG', async () => {
    await tile(0).hover();
    const [download] = await Promise.all([page.waitForEvent('download'), tile(0).getByTestId('tile-snapshot').click()]);
    expect(download.suggestedFilename()).toMatch(/^Home-Front-door-.*\.png$/);
    const png = await readFile((await download.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('switches between the 1, 2, 3, 6 and 9 tile layouts', async () => {
    for (const size of [1, 2, 3, 6, 9]) {
      await page.getByTestId(`layout-${size}`).click();
      await expect(page.getByTestId('tile').count()).resolves.toBe(size);
      expect(await page.getByTestId('grid').getAttribute('data-layout')).toBe(String(size));
      await waitLive(0);
      if (size >= 4) await waitFor(() => phase(3), (p) => p === 'offline', 10_000);
      const box = await tile(0).boundingBox();
      expect(box!.width / box!.height).toBeCloseTo(16 / 9, 1);
      await checkGeometry();
      await shot(`layout-${size}`);
    }
    // Back yard: main stream in 4 and 2 tiles (reopened after 1 hid it), the substream once it
    // became a small tile of a 3-wide grid (3 tiles), kept through 6 and 9 without renegotiating.
    expect(home.opened.filter((o) => o.cameraId === 'back').map((o) => o.substream)).toEqual([false, false, true]);
    // Front door: the large tile until the 9-tile grid made it small.
    expect(home.opened.filter((o) => o.cameraId === 'front').map((o) => o.substream)).toEqual([false, true]);
  });

  it('shows a tile full screen and goes back', async () => {
    await page.getByTestId('layout-4').click();
    const grid = (await page.getByTestId('grid').boundingBox())!;
    await tile(1).dblclick();
    const box = (await tile(1).boundingBox())!;
    expect(Math.max(box.width / grid.width, box.height / grid.height)).toBeGreaterThan(0.98);
    await expect(tile(0).isVisible()).resolves.toBe(false);
    await waitLive(1);
    await shot('fullscreen');
    await tile(1).getByTestId('tile-fullscreen').click();
    await expect(tile(0).isVisible()).resolves.toBe(true);
    expect((await tile(1).boundingBox())!.width).toBeLessThan(grid.width / 1.9);
  });

  it('keeps the layout and the assignment across a reload', async () => {
    await page.getByTestId('layout-6').click();
    await page.reload();
    await page.getByTestId('grid').waitFor();
    expect(await page.getByTestId('grid').getAttribute('data-layout')).toBe('6');
    expect(await tile(0).getAttribute('data-camera')).toBe('front');
    expect(await tile(1).getAttribute('data-camera')).toBe('back');
    expect(await tile(3).getAttribute('data-camera')).toBe('garage');
    await waitLive(0);
  });

  it('reconnects by itself when the streamer drops the session', async () => {
    expect(home.sessionCount).toBeGreaterThan(0);
    home.dropSessions();
    const seen = await waitFor(() => phase(0), (p) => p !== 'live', 40_000);
    expect(['reconnecting', 'connecting', 'offline']).toContain(seen);
    await shot('reconnecting');
    await waitFor(() => phase(0), (p) => p === 'live', 40_000);
    const before = await frames(0);
    expect(await waitFor(() => frames(0), (n) => n > before, 15_000, { what: 'more frames decoded' })).toBeGreaterThan(before);
  });

  it('comes back by itself after the signalling server restarts', async () => {
    await signaling.stop();
    home.dropSessions(); // the picture goes too, while nobody can negotiate a new one
    await waitFor(() => phase(0), (p) => p !== 'live', 40_000);
    await waitFor(() => page.getByTestId('summary').textContent(), (t) => t === '0 of 2 streamers online', 10_000);
    signaling = createSignalingServer({ host: '127.0.0.1', port: signalingPort });
    await signaling.start();
    await waitFor(() => phase(0), (p) => p === 'live', 60_000);
    await waitLive(0);
    await waitLive(1);
    const before = await frames(0);
    expect(await waitFor(() => frames(0), (n) => n > before, 15_000, { what: 'more frames decoded' })).toBeGreaterThan(before);
  });

  it('fits a small window', async () => {
    await page.setViewportSize({ width: 800, height: 560 });
    // The grid re-fits after a ResizeObserver callback and a render.
    const fits = async () => {
      const grid = (await page.getByTestId('grid').boundingBox())!;
      const first = (await tile(0).boundingBox())!;
      return first.x + first.width <= grid.x + grid.width + 1;
    };
    await waitFor(fits, (ok) => ok, 5_000);
    await checkGeometry();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await shot('small-window');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('removes a streamer and empties its tiles', async () => {
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    await page.getByTestId('remove-streamer').nth(1).click();
    await page.getByTestId('confirm-remove').click();
    await expect(page.getByTestId('streamer-card').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    expect(await tile(3).getAttribute('data-camera')).toBe('');
    expect(await tile(0).getAttribute('data-camera')).toBe('front');
  });
});
