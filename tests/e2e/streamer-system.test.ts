// The streamer UI's System screen against the real engine: live figures (CPU, memory, disk,
// uptime, version) that refresh, each camera's fps, and the engine's recent log with levels,
// where credentials and the admin token are masked before they are kept.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine, SystemView } from '@vigil/shared/api';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { buildStreamerUi, collectPageErrors } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe('streamer UI: system', () => {
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const get = async <T,>(path: string): Promise<T> => (await (await fetch(engine.info.apiUrl + path, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as T;
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-sys-'));
    await mkdir(SHOTS, { recursive: true });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: join(tmp, 'dist'),
      defaults: { cameras: [{ id: 'desk', name: 'Desk', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } }] },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    collectPageErrors(page, pageErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows live figures that refresh, and the camera’s frame rate', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-system').click();
    await page.getByTestId('system-screen').waitFor();
    expect(await text('sys-cpu-machine')).toMatch(/^\d+%$/);
    expect(await text('sys-cpu-process')).toMatch(/^\d+\.\d%$/);
    expect(await text('sys-rss')).toMatch(/^[\d.]+ MB$/);
    expect(await text('sys-disk')).toMatch(/free of [\d.]+ [GT]B/);
    const uptime = await text('system-uptime');
    expect(uptime).toMatch(/Engine up \d+ s/);
    await waitFor(() => text('system-uptime'), (t) => t !== uptime, 10_000); // it refreshes by itself
    expect(await text('system-uptime')).not.toBe(uptime);
    await waitFor(() => text('sys-fps-desk'), (t) => /^\d+\.\d fps$/.test(t), 20_000);
    expect(Number.parseFloat(await text('sys-fps-desk'))).toBeGreaterThan(5);

    const view = await get<SystemView>('/api/system');
    const streamerPackage = JSON.parse(await readFile(fileURLToPath(new URL('../../apps/streamer/package.json', import.meta.url)), 'utf8')) as { version: string };
    expect(view.version).toBe(streamerPackage.version);
    expect(await page.getByTestId('system-screen').textContent()).toContain(`Vigil ${view.version}`);
    expect(view.memory.rss).toBeGreaterThan(10e6);
    expect(view.cpu.cores).toBeGreaterThan(0);
  });

  it('shows the engine’s log lines with levels; secrets never reach it', async () => {
    await waitFor(() => page.getByTestId('log-line').count(), (n) => n >= 2, 10_000);
    expect(await page.getByTestId('sys-logs').textContent()).toContain('control API on');
    // Anything the engine prints goes to the ring masked: an RTSP password, the admin token.
    console.warn(`camera gate: rtsp://admin:hunter2@192.0.2.7/live refused; token ${engine.info.adminToken}`);
    await waitFor(() => page.getByTestId('sys-logs').textContent(), (t) => (t ?? '').includes('192.0.2.7'), 10_000);
    const shown = (await page.getByTestId('sys-logs').textContent()) ?? '';
    expect(shown).toContain('rtsp://***@192.0.2.7/live');
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain(engine.info.adminToken);
    const lines = await get<LogLine[]>('/api/system/logs?level=warn');
    expect(lines.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    // The filter shows warnings only.
    await page.getByTestId('log-filter-warn').click();
    const levels = await page.locator('[data-testid=log-line] .log-level').allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.filter((l) => l !== 'warn' && l !== 'error')).toEqual([]);
    await page.getByTestId('log-filter-debug').click();
    expect((await fetch(`${engine.info.apiUrl}/api/system/logs?level=loud`, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).status).toBe(400);
    // The CPU line grows a point per refresh.
    const points = () => page.locator('.spark-line').getAttribute('points').then((p) => (p ?? '').split(' ').length);
    await waitFor(points, (n) => n >= 6, 20_000);
    expect(await points()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: join(SHOTS, 'streamer-system.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
