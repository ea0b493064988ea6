// The streamer UI's System screen lists current health problems in the words of their alerts:
// a camera nobody answers for ("Porch is offline since HH:MM: …"), with no channel configured the
// alert waits in the outbox and the screen says so. Delay 1 s instead of 2 min; nothing timed.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { freePort } from '../helpers/ports.ts';
import { buildStreamerUi, collectPageErrors } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe('streamer UI: health problems', () => {
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-health-'));
    await mkdir(SHOTS, { recursive: true });
    await buildStreamerUi(join(tmp, 'dist'));
    // A port nothing listens on: the camera is unreachable from the start.
    const closed = await freePort();
    engine = await startEngine({
      dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', streamerDist: join(tmp, 'dist'),
      camera: { initialBackoffMs: 200, maxBackoffMs: 1_000 },
      health: { tickMs: 250 },
      defaults: {
        cameras: [
          { id: 'desk', name: 'Desk', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } },
          { id: 'porch', name: 'Porch', source: { kind: 'rtsp', url: `rtsp://127.0.0.1:${closed}/cam` } },
        ],
      },
    });
    await engine.alerts.update({ health: { 'camera-offline': { delaySec: 1 } } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    collectPageErrors(page, pageErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('lists the offline camera in its alert’s words, and the alert waiting for a channel', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-system').click();
    const offline = page.locator('[data-testid=sys-problem][data-source=camera-offline]');
    const text = await waitFor(() => offline.first().textContent().catch(() => ''), (t) => /^Porch is offline since \d\d:\d\d: /.test(t ?? ''), 30_000);
    expect(text).toMatch(/cannot be reached|refused|not/i);
    const waiting = page.locator('[data-testid=sys-problem][data-source=alerts-waiting]');
    await waitFor(() => waiting.textContent().catch(() => ''), (t) => /^1 alert waiting: add a channel to receive them/.test(t ?? ''), 15_000);
    await page.screenshot({ path: join(SHOTS, 'streamer-system-problems.png'), fullPage: true });
    // The outbox names it the same way.
    await waiting.getByRole('button', { name: 'Add a channel' }).click();
    const row = page.getByTestId('outbox-row').filter({ hasText: /Porch is offline since \d\d:\d\d/ });
    await waitFor(() => row.count(), (n) => n === 1, 10_000);
    expect(pageErrors).toEqual([]);
  });

  it('switches a kind off and sets its delay on the Alerts screen', async () => {
    const section = page.getByTestId('alerts-health');
    await section.getByLabel('Clock jump alerts').click(); // saved, then shown: click, not uncheck()
    await waitFor(() => engine.alerts.config().health['clock-jump'].enabled, (on) => on === false, 10_000);
    const delay = section.getByLabel('Camera offline delay in seconds');
    await delay.fill('300');
    await delay.blur();
    await waitFor(() => engine.alerts.config().health['camera-offline'].delaySec, (sec) => sec === 300, 10_000);
    await section.screenshot({ path: join(SHOTS, 'streamer-alerts-health.png') });
    expect(pageErrors).toEqual([]);
  });
});
