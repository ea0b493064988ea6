// Detection labels on the viewer: the real viewer UI (built with Vite, in Chromium) paired with a
// real engine whose file camera shows a person crossing a wall; the tile draws the detector's
// "person" box and tag beside the motion boxes.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { makeClips } from '../fixtures/detection/clips.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
let tmp: string;
let engine: Engine;
let site: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-detection-viewer-'));
  await mkdir(SHOTS, { recursive: true });
  const { porch } = makeClips(tmp);
  engine = await startEngine({
    dataDir: join(tmp, 'engine'),
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    detection: { alertWaitMs: 30_000 },
    defaults: {
      name: 'Home',
      cameras: [{ id: 'porch', name: 'Porch', source: { kind: 'file', path: porch }, motion: { enabled: true, fps: 8, endQuietSeconds: 1 }, detection: { labels: ['person'] } }],
    },
  });
  await Promise.all([engine.detection.warmUp(), buildViewer(join(tmp, 'dist'))]);
  site = await serveStatic(join(tmp, 'dist'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 960, height: 600 } });
  await page.goto(site.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await engine?.stop();
  await rm(tmp, { recursive: true, force: true });
});

it('a live tile draws the person label beside the motion boxes', async () => {
  const response = await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } });
  const { uri } = (await response.json()) as { uri: string };
  await page.getByRole('button', { name: 'Add streamer', exact: true }).first().click();
  await page.getByTestId('uri-input').fill(uri);
  await page.getByTestId('uri-submit').click();
  await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t?.includes('Added'), 30_000);
  await page.getByRole('button', { name: 'Live', exact: true }).click();
  await page.getByTestId('layout-1').click();
  const tile = page.locator('[data-testid=tile][data-slot="0"]');
  await page.locator('[data-testid=camera-item][data-camera=porch]').dragTo(tile);
  await waitFor(() => tile.getAttribute('data-phase'), (phase) => phase === 'live', 30_000);

  const person = tile.locator('[data-testid=label-box][data-label=person]');
  await waitFor(() => person.count(), (n) => n > 0, 60_000);
  await expect(person.first().textContent()).resolves.toMatch(/^person \d+ %$/);
  const box = (await person.first().boundingBox())!;
  const area = (await tile.boundingBox())!;
  // Inside the picture, and a body-sized box (not the whole frame).
  expect(box.x).toBeGreaterThanOrEqual(area.x - 1);
  expect(box.x + box.width).toBeLessThanOrEqual(area.x + area.width + 1);
  expect(box.height).toBeGreaterThan(area.height * 0.2);
  expect(box.width).toBeLessThan(area.width * 0.6);
  // For the README's picture: the label riding on the live motion box, if a result lands while
  // the person still walks (it usually does; a loaded machine may answer too late).
  const riding = tile.locator('[data-testid=label-box][data-on-motion=true]');
  await waitFor(() => riding.count(), (n) => n > 0, 20_000);
  await page.screenshot({ path: join(SHOTS, 'detection-labels.png') });
}, 120_000);
