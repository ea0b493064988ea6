// The viewer served by `vigil-signal --viewer` in Chromium: it installs a service worker that keeps
// the app shell, opens again with the network gone, and its "move pairings" card refuses a bundle
// it cannot open, in words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromArgs } from '../../apps/signaling/src/node/cli.ts';
import type { SignalingServer } from '../../apps/signaling/src/node/server.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { buildViewer } from '../viewer/harness.ts';

describe('viewer as an installable web app on vigil-signal', () => {
  let tmp: string;
  let server: SignalingServer | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-pwa-'));
    await buildViewer(join(tmp, 'dist'));
    const lines: string[] = [];
    // Loopback http:// is a secure context, so the browser allows the service worker.
    server = await startFromArgs(['--port', '0', '--viewer', join(tmp, 'dist')], (line) => lines.push(line));
    base = lines.find((l) => l.startsWith('viewer: '))!.split(' ')[1]!;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('keeps the app shell for offline starts and names its manifest', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('[data-testid=move-pairings]');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(`${base}sw.js`);
    expect(await page.evaluate(async () => (await (await fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href)).json()).name)).toBe('Vigil Viewer');
    await page.reload(); // now under the worker's control, which keeps what this load fetches
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=move-pairings]');
    await context.setOffline(false);

    await page.click('text=Open a bundle made at another address');
    await page.fill('[data-testid=import-text]', 'vigil-pairings:1:600000:AAAAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBB:CCCCCCCCCCCCCCCCCCCCCCCCCCCC');
    await page.fill('[data-testid=import-passphrase]', 'not the passphrase');
    await page.click('[data-testid=import-bundle]');
    await page.waitForSelector('[data-testid=move-outcome]');
    expect(await page.textContent('[data-testid=move-outcome]')).toMatch(/^Wrong passphrase.*Nothing was imported\.$/);
    await context.close();
  });
});
