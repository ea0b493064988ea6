// The streamer UI served from another origin than its engine's API, as the Electron app serves it
// (app://vigil with the shell's CSP naming the API): the engine answers CORS for the UI origins it
// was started with, so that UI works; a page of any other origin cannot read the API. The API
// address and token reach the page as the Electron preload hands them over (window.vigil.control),
// never from the URL.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '@vigil/shell/csp';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { createStaticSite } from '../../apps/streamer/src/engine/web/static-site.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { freePort } from '../helpers/ports.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

describe('streamer UI on another origin than the API', () => {
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  const servers: Server[] = [];
  let allowed: string;
  let foreign: string;

  /** Serves the built UI on 127.0.0.1:port with the shell's CSP for `api`. */
  async function serveUi(dist: string, port: number, api: string): Promise<string> {
    const site = createStaticSite(dist, 'npm run build:streamer-ui', contentSecurityPolicy([api]));
    const server = createServer((req, res) => void site(req, res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}`;
  }

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-cross-origin-'));
    const dist = join(tmp, 'dist');
    await buildStreamerUi(dist);
    const [allowedPort, foreignPort] = [await freePort(), await freePort()];
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      uiOrigins: [`http://127.0.0.1:${allowedPort}`],
      defaults: { cameras: [{ id: 'porch', name: 'Porch', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } }] },
    });
    allowed = await serveUi(dist, allowedPort, engine.info.apiUrl);
    foreign = await serveUi(dist, foreignPort, engine.info.apiUrl);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await engine?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Opens the UI at `origin` with the connection injected as the shell's preload does. */
  async function open(page: Page, origin: string): Promise<void> {
    await page.addInitScript((connection) => {
      Object.defineProperty(window, 'vigil', { value: { control: { connection: async () => connection } } });
    }, { apiUrl: engine.info.apiUrl, token: engine.info.adminToken });
    await page.goto(`${origin}/`);
  }

  it('an allowed origin lists the cameras and shows one live', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await open(page, allowed);
    await page.getByText('Porch').first().waitFor({ timeout: 20_000 });
    // The live preview is a POST with a JSON body and the token: a preflighted request.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="preview"]')?.getAttribute('data-frames-decoded') ?? 0) > 5, undefined, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('any other origin cannot read the API, token or not', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => /CORS|Access-Control/i.test(message.text()) && blocked.push(message.text()));
    await open(page, foreign);
    await page.getByText('The camera list could not be loaded').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Porch').count()).toBe(0);
    expect(blocked.length).toBeGreaterThan(0);
    await page.close();
  });

  it('answers preflights for allowed origins only, without the token', async () => {
    const preflight = (origin: string) =>
      fetch(`${engine.info.apiUrl}/api/cameras`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await preflight(allowed);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const refused = await preflight(foreign);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
