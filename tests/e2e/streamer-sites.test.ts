// Camera sites in the streamer UI against the real engine (a GStreamer RTSP camera and test
// patterns): the camera editor offers the sites in use, answers a site that is too long in the
// form, saves a site the engine then stores (from the editor and from the add-camera wizard), and
// the camera list shows the cameras under a heading per site (named sites alphabetically, the cameras without a site last).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView } from '@vigil/shared/api';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { adminApi, buildStreamerUi, collectPageErrors } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const pattern = (id: string, name: string, site?: string) => ({ id, name, ...(site ? { site } : {}), source: { kind: 'test-pattern' as const, width: 320, height: 180, fps: 5 } });

describe('streamer UI: camera sites', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const api = adminApi(() => engine);

  const card = (id: string) => page.locator(`[data-testid=camera-card][data-camera=${id}]`);
  /** The cameras under each site heading, as the page shows them. */
  const listed = () =>
    page.getByTestId('camera-site').evaluateAll((sections) =>
      sections.map((s) => [s.querySelector('h2 .ellipsis')?.textContent, Array.from(s.querySelectorAll('[data-testid=camera-card]'), (c) => c.getAttribute('data-camera'))]),
    );
  const edit = async (id: string) => {
    await card(id).getByTestId('edit-camera').click();
    await page.getByTestId('camera-editor').waitFor();
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-sites-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ width: 640, height: 360, fps: 10 });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: join(tmp, 'dist'),
      defaults: {
        name: 'Home',
        cameras: [
          { id: 'door', name: 'Front door', source: { kind: 'rtsp', url: rtsp.url() } },
          pattern('drive', 'Driveway', 'Home'),
          pattern('shop', 'Shop floor'),
          pattern('garage', 'Garage', 'Home'),
        ],
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    collectPageErrors(page, pageErrors);
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-cameras').click();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await rtsp?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('lists the cameras under their site, the ones without a site last', async () => {
    const groups = await waitFor(listed, (g) => g.length === 2, 15_000);
    expect(groups).toEqual([
      ['Home', ['drive', 'garage']],
      ['No site', ['door', 'shop']],
    ]);
  });

  it('offers the sites in use, answers a site that is too long in the form, and saves a site', async () => {
    await edit('door');
    expect(await page.getByTestId('site-suggestions').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['Home']);
    await page.locator('#field-site').fill('The house on the corner of the high street and the lane');
    await page.getByTestId('save-camera').click();
    expect(await page.getByTestId('error-site').textContent()).toMatch(/too long \(40 characters at most\)/);
    await page.locator('#field-site').scrollIntoViewIfNeeded();
    await page.getByTestId('camera-editor').screenshot({ path: join(SHOTS, 'streamer-sites-editor-error.png') });
    expect((await api<CameraView[]>('GET', '/api/cameras')).find((c) => c.config.id === 'door')!.config.site).toBeUndefined();

    await page.locator('#field-site').fill('  Home ');
    await page.getByTestId('save-camera').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached' });
    expect((await api<CameraView[]>('GET', '/api/cameras')).find((c) => c.config.id === 'door')!.config.site).toBe('Home');

    await edit('shop');
    await page.locator('#field-site').fill('Shop');
    await page.getByTestId('save-camera').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached' });
    const groups = await waitFor(listed, (g) => g.length === 2 && g[1]?.[0] === 'Shop', 10_000);
    expect(groups).toEqual([
      ['Home', ['door', 'drive', 'garage']],
      ['Shop', ['shop']],
    ]);
    expect(await page.locator('.page-head p').textContent()).toMatch(/4 cameras · \d live · 2 sites/);
  });

  it('the add-camera wizard takes a site too; another spelling of a site joins it', async () => {
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-test-pattern').click();
    await page.locator('#field-name').fill('Back office');
    expect(await page.getByTestId('site-suggestions').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['Home', 'Shop']);
    await page.locator('#field-site').fill('shop');
    await page.getByTestId('wizard-connect').click();
    await page.getByTestId('connect-ok').waitFor({ timeout: 30_000 });
    await page.getByTestId('wizard-done').click();
    expect((await api<CameraView[]>('GET', '/api/cameras')).find((c) => c.config.id === 'back-office')!.config.site).toBe('shop');
    const groups = await waitFor(listed, (g) => g[1]?.[1]?.length === 2, 10_000);
    expect(groups).toEqual([
      ['Home', ['door', 'drive', 'garage']],
      ['Shop', ['shop', 'back-office']],
    ]);
  });

  it('shows the grouped list live (screenshot), with no page errors', async () => {
    await page.setViewportSize({ width: 1280, height: 1120 }); // every card on screen, so every preview connects
    await page.evaluate(() => document.querySelector('.page')?.scrollIntoView());
    const playing = () => page.locator('[data-testid=preview][data-preview=live]').count();
    await waitFor(playing, (n) => n === 5, 30_000);
    expect(await page.locator('[data-testid=camera-card][data-state=live]').count()).toBe(5);
    expect(await playing()).toBe(5);
    await page.screenshot({ path: join(SHOTS, 'streamer-cameras-groups.png') });
    expect(pageErrors).toEqual([]);
  });
});
