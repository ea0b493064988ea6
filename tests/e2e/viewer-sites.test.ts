// Camera sites in the viewer against the real engine (GStreamer RTSP cameras and test patterns,
// bundled signalling, pairing): the engine's camera list carries each camera's site, the viewer
// lists the cameras under their sites, and "Show" fills the grid with one site's cameras in the
// smallest layout that holds them, live, and kept across a reload.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const pattern = (id: string, name: string, site?: string) => ({ id, name, ...(site ? { site } : {}), source: { kind: 'test-pattern' as const, width: 320, height: 180, fps: 10 } });

describe('viewer: camera sites', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const tile = (slot: number) => page.locator(`[data-testid=tile][data-slot="${slot}"]`);
  const tiles = () => page.getByTestId('tile').evaluateAll((all) => all.map((t) => t.getAttribute('data-camera')));
  /** Waits until tiles 0…count-1 decode frames, and says which ones do not. */
  const live = async (count: number) => {
    for (let slot = 0; slot < count; slot++) {
      const frames = await waitFor(async () => Number(await tile(slot).getAttribute('data-frames-decoded')), (n) => n > 0, 30_000);
      expect(frames, `tile ${slot}: ${await tile(slot).getByTestId('tile-message').allTextContents()}`).toBeGreaterThan(0);
      expect(await tile(slot).getAttribute('data-phase')).toBe('live');
    }
  };
  const sidebar = () =>
    page.getByTestId('site-group').evaluateAll((groups) =>
      groups.map((g) => [g.getAttribute('aria-label'), Array.from(g.querySelectorAll('[data-testid=camera-item]'), (c) => c.getAttribute('data-camera'))]),
    );

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-viewer-sites-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ width: 640, height: 360, fps: 15 });
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: {
        name: 'Office PC', // not a site's name: the tiles show it beside the camera's
        cameras: [
          { id: 'door', name: 'Front door', site: 'Home', source: { kind: 'rtsp', url: rtsp.url() } },
          { id: 'shop', name: 'Shop floor', site: 'Shop', source: { kind: 'rtsp', url: rtsp.url() } },
          pattern('drive', 'Driveway', 'Home'),
          pattern('loose', 'Spare'),
          pattern('garage', 'Garage', 'home'),
        ],
      },
    });
    await buildViewer(join(tmp, 'dist'));
    site = await serveStatic(join(tmp, 'dist'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(site.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await engine?.stop();
    await rtsp?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('pairs, and lists the streamer’s cameras under their sites (named sites first, one spelling)', async () => {
    const res = await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } });
    await page.getByTestId('uri-input').fill(((await res.json()) as { uri: string }).uri);
    await page.getByTestId('uri-submit').click();
    expect(await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t?.includes('Added'), 20_000)).toContain('Added');
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    const groups = await waitFor(sidebar, (g) => g.length === 3, 20_000);
    expect(groups).toEqual([
      ['Home', ['door', 'drive', 'garage']],
      ['Shop', ['shop']],
      ['No site', ['loose']],
    ]);
    expect(await page.getByTestId('show-site').count()).toBe(2); // none for the cameras without a site
  });

  it('"Show" fills the grid with the site’s cameras in the smallest layout, live', async () => {
    await page.getByTestId('layout-9').click();
    await page.getByRole('button', { name: 'Show site Home' }).click();
    expect(await page.getByTestId('layout-3').getAttribute('aria-checked')).toBe('true');
    expect(await tiles()).toEqual(['door', 'drive', 'garage']);
    await live(3);
    await page.screenshot({ path: join(SHOTS, 'viewer-sites.png') });
  });

  it('keeps the site’s grid across a reload, and shows another site', async () => {
    await page.reload();
    await page.getByTestId('tile').first().waitFor();
    expect(await page.getByTestId('layout-3').getAttribute('aria-checked')).toBe('true');
    expect(await tiles()).toEqual(['door', 'drive', 'garage']);
    await live(3);
    await page.getByRole('button', { name: 'Show site Shop' }).click();
    expect(await page.getByTestId('layout-1').getAttribute('aria-checked')).toBe('true');
    expect(await tiles()).toEqual(['shop']);
    await live(1);
  });

  it('the streamers screen shows the sites too, and nothing went wrong in the page', async () => {
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    expect(await page.getByTestId('camera-site').allTextContents()).toEqual(['Home · 3 cameras', 'Shop · 1 camera', 'No site · 1 camera']);
    await page.screenshot({ path: join(SHOTS, 'viewer-sites-streamers.png') });
    expect(pageErrors).toEqual([]);
  });

  it('follows a camera moved to another site when the window comes back into view', async () => {
    const headers = { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' };
    const res = await fetch(`${engine.info.apiUrl}/api/cameras/loose`, { method: 'PUT', headers, body: JSON.stringify({ ...pattern('loose', 'Spare', 'Shop'), enabled: true }) });
    expect(res.status).toBe(200);
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    // What the page sees when its window is shown again (the timer does the same every minute).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const groups = await waitFor(sidebar, (g) => g.length === 2, 15_000);
    expect(groups).toEqual([
      ['Home', ['door', 'drive', 'garage']],
      ['Shop', ['shop', 'loose']],
    ]);
  });
});
