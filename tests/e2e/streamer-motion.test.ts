// The streamer UI's Motion zones screen against the real engine: a test-pattern camera (moving
// elements), motion turned on, a zone drawn with four clicks and saved (read back from the API),
// a two-point shape refused in the form, and live motion boxes over the preview.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { adminApi, buildStreamerUi } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

interface CameraView {
  config: { id: string; motion?: { enabled: boolean; zones: { id: string; name: string; polygon: [number, number][] }[] } };
}

describe('streamer UI: motion zones', () => {
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = adminApi(() => engine);
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-motion-${name}.png`) });
  const clickAt = async (x: number, y: number) => {
    const box = (await page.getByTestId('motion-canvas').boundingBox())!;
    await page.mouse.click(box.x + x * box.width, box.y + y * box.height);
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-motion-'));
    await mkdir(SHOTS, { recursive: true });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({ dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', streamerDist: join(tmp, 'dist') });
    await api('POST', '/api/cameras', { id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 640, height: 360, fps: 10 } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 404') && pageErrors.push(m.text()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('turns motion on, refuses a two-point zone, saves a four-point zone', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-motion').click();
    await page.getByTestId('motion-screen').waitFor();
    await waitFor(() => page.getByTestId('motion-canvas').getAttribute('data-preview'), (p) => p === 'live', 20_000);
    await page.getByTestId('motion-enabled').check();

    await page.getByTestId('add-zone').click();
    await clickAt(0.1, 0.1);
    await clickAt(0.4, 0.2);
    await page.getByTestId('draw-done').click();
    expect(await page.getByTestId('draw-error').textContent()).toMatch(/at least 3 points/);
    expect(await page.getByTestId('zone-row').count()).toBe(0);
    await shot('refused');
    await page.getByTestId('draw-cancel').click();

    await page.getByTestId('add-zone').click();
    for (const [x, y] of [[0.1, 0.15], [0.6, 0.1], [0.65, 0.8], [0.15, 0.85]] as const) await clickAt(x, y);
    await clickAt(0.1, 0.15); // the first point closes it
    await page.getByTestId('zone-row').waitFor();
    await page.getByTestId('zone-name').fill('Driveway');
    await page.getByTestId('add-mask').click();
    for (const [x, y] of [[0.7, 0.1], [0.95, 0.1], [0.95, 0.4]] as const) await clickAt(x, y);
    await page.getByTestId('draw-done').click();
    await page.getByTestId('motion-save').click();
    await page.getByText('Saved.').waitFor();

    const [camera] = await api<CameraView[]>('GET', '/api/cameras');
    expect(camera!.config.motion?.enabled).toBe(true);
    expect(camera!.config.motion?.zones).toHaveLength(1);
    expect(camera!.config.motion?.zones[0]!.name).toBe('Driveway');
    expect(camera!.config.motion?.zones[0]!.polygon).toHaveLength(4);
    await shot('saved');
  }, 40_000);

  it('draws live motion boxes over the preview', async () => {
    await page.getByTestId('motion-box').first().waitFor({ timeout: 20_000 });
    // The recent-events list fills from /api/events once the detector starts an event; when that
    // happens depends on the detector's warm-up, hence the generous wait.
    await page.getByTestId('motion-event').first().waitFor({ timeout: 45_000 });
    await shot('boxes');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
