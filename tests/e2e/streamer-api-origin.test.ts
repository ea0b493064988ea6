// Audit item 1: the admin token must not leave the engine's own origin. A link to the genuine
// streamer UI naming another API (`#api=`) once made the page open its event socket, token
// attached, to that host; a DNS-rebinding page could then use the token, since the API did not
// check Host, nor the Origin of WebSocket upgrades (which CORS does not cover).
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '@vigil/shared/api';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

/** A raw GET with a chosen Host header (fetch will not let one be set); resolves with the status. */
function getWithHost(apiUrl: string, path: string, host: string, token: string): Promise<number> {
  const { hostname, port } = new URL(apiUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject).end();
  });
}

/** Opens the event socket with `origin` (undefined: none, as a CLI sends); 'open' or the refusal status. */
function openEvents(apiUrl: string, token: string, origin?: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(apiUrl.replace(/^http/, 'ws') + '/api/events', [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], origin ? { origin } : {});
    ws.on('open', () => (ws.close(), resolve('open')));
    ws.on('unexpected-response', (_req, res: IncomingMessage) => (res.resume(), resolve(String(res.statusCode))));
    ws.on('error', (error) => resolve(`error ${error.message}`));
  });
}

describe('control API: the token stays on its own origin', () => {
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let elsewhere: Server;
  let elsewhereUrl: string;
  /** Every request and upgrade that reached the other host, with the headers that carry a token. */
  const stolen: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-api-origin-'));
    const dist = join(tmp, 'dist');
    await buildStreamerUi(dist);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: dist,
      defaults: { cameras: [{ id: 'porch', name: 'Porch', source: { kind: 'test-pattern', width: 160, height: 120, fps: 5 } }] },
    });
    // The other host answers everything as generously as it can, CORS included.
    elsewhere = createServer((req, res) => {
      stolen.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' }).end('[]');
    });
    elsewhere.on('upgrade', (req, socket) => {
      stolen.push(`UPGRADE ${req.url} protocols=${req.headers['sec-websocket-protocol'] ?? ''}`);
      socket.destroy();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (elsewhere) await new Promise((resolve) => elsewhere.close(resolve));
    await engine?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('a link naming another API sends it nothing; the page uses its own origin', async () => {
    const page = await browser.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${engine.info.apiUrl}/#api=${encodeURIComponent(elsewhereUrl)}&token=${engine.info.adminToken}`);
    await page.getByText('Porch').first().waitFor({ timeout: 20_000 });
    await waitFor(() => sockets.length, (n) => n > 0, 20_000, { what: 'the page to open its event socket' });
    expect(sockets.every((url) => url.startsWith(engine.info.apiUrl.replace(/^http/, 'ws')))).toBe(true);
    expect(stolen).toEqual([]);
    expect(page.url()).not.toContain('api=');
    await page.close();
  });

  it('the UI page confines connections to its own origin', async () => {
    const res = await fetch(`${engine.info.apiUrl}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self';/);
  });

  it('refuses a Host that is not its own address (DNS rebinding), token or not', async () => {
    const { apiUrl, adminToken } = engine.info;
    const port = new URL(apiUrl).port;
    expect(await getWithHost(apiUrl, '/api/cameras', `rebound.example:${port}`, adminToken)).toBe(403);
    expect(await getWithHost(apiUrl, '/healthz', `rebound.example:${port}`, adminToken)).toBe(403);
    expect(await getWithHost(apiUrl, '/api/cameras', `127.0.0.1:${port}`, adminToken)).toBe(200);
    expect(await getWithHost(apiUrl, '/api/cameras', `localhost:${port}`, adminToken)).toBe(200);
  });

  it('refuses event-socket upgrades from other origins; its own origin and non-browsers connect', async () => {
    const { apiUrl, adminToken } = engine.info;
    expect(await openEvents(apiUrl, adminToken, 'http://evil.example')).toBe('403');
    expect(await openEvents(apiUrl, adminToken, elsewhereUrl)).toBe('403');
    expect(await openEvents(apiUrl, adminToken, apiUrl)).toBe('open');
    expect(await openEvents(apiUrl, adminToken)).toBe('open');
  });
});
