// The README's first steps, as a person takes them: `npm start` (both UIs built, the demo
// streamer started), then the printed viewer URL opened in Chromium, the printed link pasted,
// the demo camera on the grid at once (no drag) and live; the figure crossing the demo yard makes
// a motion event, a recorded segment with its mark, and an alert waiting for a channel, which the
// streamer app lists; Ctrl+C stops it all.
// Ports 0 instead of 7480/8443 only so that the test never collides with a demo someone runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { expectLive, openPage, pasteUri, tile } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** The environment of a person's shell: without what vitest adds (NODE_ENV=test would make Vite build for development). */
function personEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST')));
}

describe('npm start: the demo', () => {
  let net: TestInterface;
  let tmp: string;
  let demo: ChildProcess;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let browser: Browser;

  const stopDemo = async () => {
    // Ctrl+C in a terminal signals the whole foreground group: npm, its shell and the streamer.
    if (demo?.pid && demo.exitCode === null && demo.signalCode === null) process.kill(-demo.pid, 'SIGINT');
    return exited;
  };

  beforeAll(async () => {
    net = await testInterface(); // the viewer's ICE needs a non-loopback address on this machine
    tmp = await mkdtemp(join(tmpdir(), 'vigil-demo-'));
    demo = spawn('npm', ['start', '--', '--data-dir', join(tmp, 'demo'), '--api-port', '0', '--signaling-port', '0'], { cwd: ROOT, env: personEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => demo.once('exit', (code, signal) => resolve({ code, signal })));
    await waitFor(() => output, (text) => text.includes('Press Ctrl+C to stop.') || demo.exitCode !== null, 240_000, { what: 'npm start to build both UIs and start the demo' });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopDemo();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('prints the streamer UI, the viewer URL and a pairing link', () => {
    expect(demo.exitCode, output).toBeNull();
    expect(output).toMatch(/Vigil streamer \S+ is running\./);
    expect(output).toMatch(/streamer UI +http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    expect(output).toMatch(/viewer +http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(output).toMatch(/or paste: vigil:\/\/pair\?v=1&u=ws:\/\/127\.0\.0\.1:\d+&id=\S+&t=\S+/);
    expect(output).toContain('No Electron binary installed: use the viewer in the browser (URL above).');
  });

  it('built the viewer for production', async () => {
    const index = await readFile(join(ROOT, 'apps/viewer/dist/index.html'), 'utf8');
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(index)![1]!;
    expect(await readFile(join(ROOT, 'apps/viewer/dist', script), 'utf8')).not.toContain('jsxDEV');
  });

  it('pairs by the printed link in the printed viewer URL and shows the camera live', async () => {
    const viewerUrl = /viewer +(http:\/\/\S+)/.exec(output)![1]!;
    const link = /or paste: (vigil:\/\/\S+)/.exec(output)![1]!;
    const { page, errors } = await openPage(browser, viewerUrl);
    expect(await pasteUri(page, link)).toContain('Added “Vigil demo”');
    // No drag: the grid was empty, so the new streamer's one camera fills it, in the 1-tile layout.
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await waitFor(() => tile(page, 0).getAttribute('data-camera'), (camera) => camera === 'demo', 20_000, { what: 'the demo camera on the grid without a drag' });
    expect(await page.getByTestId('layout-1').getAttribute('aria-checked')).toBe('true');
    await expectLive(page);
    await expect(tile(page, 0).locator('.tile-info').textContent()).resolves.toMatch(/640×360/);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'demo-grid-filled.png') });
    // The figure crosses every 30 s: its motion boxes show on the tile.
    await waitFor(() => tile(page, 0).getByTestId('motion-box').count(), (n) => n > 0, 60_000, { what: 'motion boxes over the demo tile', every: 100 });
    await page.screenshot({ path: join(SHOTS, 'demo-live-motion.png') });
    expect(errors).toEqual([]);
  });

  it('the figure makes a motion event, a segment with its mark, and an alert waiting for a channel', async () => {
    const api = /control API +(http:\/\/\S+)/.exec(output)![1]!;
    const token = /#token=(\S+)/.exec(output)![1]!;
    const get = async <T>(path: string) => (await (await fetch(api + path, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    type Segment = { file: string; events: unknown[] };
    const marked = await waitFor(() => get<Segment[]>('/api/recordings?camera=demo'), (list) => list.some((s) => s.events.length > 0), 90_000, { what: 'a recorded segment with a motion mark' });
    expect(marked.find((s) => s.events.length > 0)!.file).toMatch(/^demo_/);
    type Entry = { channel: string; status: string; title?: string };
    const waiting = await waitFor(() => get<Entry[]>('/api/alerts/outbox'), (list) => list.some((e) => e.channel === '-' && e.status === 'pending'), 30_000, { what: 'an alert waiting for a channel' });
    expect(waiting.find((e) => e.channel === '-')!.title).toBe('Vigil: motion at Demo yard');
  });

  it('the printed streamer UI link opens the streamer app with the camera live in it', async () => {
    const link = /streamer UI +(http:\/\/\S+)/.exec(output)![1]!;
    const { page, errors } = await openPage(browser, link);
    // The token in the link's fragment lets the app in: the camera card, live, with a decoding preview.
    const card = page.locator('[data-testid=camera-card][data-camera=demo]');
    await waitFor(() => card.getAttribute('data-state').catch(() => null), (state) => state === 'live', 20_000, { what: 'the demo camera live in the streamer UI' });
    await waitFor(() => card.getByTestId('preview').first().getAttribute('data-frames-decoded').then(Number), (n) => n > 5, 30_000, { what: 'the demo camera’s preview decoding' });
    // The waiting alerts are listed where the owner looks: the System screen and the Alerts screen.
    await page.getByRole('button', { name: 'System', exact: true }).click();
    const problem = page.locator('[data-testid=sys-problem][data-source=alerts-waiting]').filter({ hasText: /^\d+ alerts? waiting: add a channel to receive them/ });
    await waitFor(() => problem.count(), (n) => n === 1, 20_000, { what: 'the waiting alerts on the System screen' });
    await page.screenshot({ path: join(SHOTS, 'demo-system-waiting.png'), fullPage: true });
    await page.getByRole('button', { name: 'Alerts', exact: true }).click();
    await expect(page.getByTestId('outbox-waiting').textContent()).resolves.toMatch(/^\d+ alerts? waiting: add a channel to receive them\.$/);
    await page.screenshot({ path: join(SHOTS, 'demo-alerts-waiting.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('Ctrl+C stops everything: npm, the streamer and its ffmpeg', async () => {
    const api = /control API +(http:\/\/\S+)/.exec(output)![1]!;
    expect((await fetch(api)).ok).toBe(true);
    await stopDemo();
    const groupAlive = () => {
      try {
        process.kill(-demo.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(groupAlive, (alive) => !alive, 30_000, { what: 'every process npm start began to exit' });
    expect(output).toContain('stopping…');
    await expect(fetch(api)).rejects.toThrow();
    expect(output).not.toMatch(/Error|uncaught/i);
  });
});
