// The streamer shell's tray watch against a real engine: cameras live and in trouble, the alert
// mode read and switched through the control API, with the token read from a file as in the app.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { EngineWatch, summariseCameras, type EngineSummary } from '../../apps/streamer/src/main/engineWatch.ts';
import { until } from '../fixtures/alerts/events.ts';

let dir: string;
let engine: Engine;
let tokenFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-watch-'));
  engine = await startEngine({ dataDir: dir, apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1' });
  tokenFile = join(dir, 'token-for-the-shell');
  await writeFile(tokenFile, `${engine.info.adminToken}\n`);
  const auth = { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' };
  const add = (body: unknown) => fetch(`${engine.info.apiUrl}/api/cameras`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  expect((await add({ id: 'pattern', name: 'Pattern', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } })).status).toBe(201);
  // Nothing listens on port 1: the camera cannot connect.
  expect((await add({ id: 'garage', name: 'Garage', source: { kind: 'rtsp', url: 'rtsp://127.0.0.1:1/stream' } })).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('EngineWatch', () => {
  it('reports live cameras, cameras in trouble and the alert mode; switches the mode', async () => {
    const seen: Array<EngineSummary | undefined> = [];
    const watch = new EngineWatch({ apiUrl: engine.info.apiUrl, tokenFile, intervalMs: 200, onChange: (summary) => seen.push(summary) });
    watch.start();
    try {
      await until(() => {
        const last = seen.at(-1);
        return last?.cameras.live === 1 && last.cameras.problems.length === 1;
      }, 30_000, 'one camera live and one in trouble');
      const summary = seen.at(-1)!;
      expect(summary.cameras.total).toBe(2);
      expect(summary.cameras.problems[0]!.name).toBe('Garage');
      expect(summary.cameras.problems[0]!.message.length).toBeGreaterThan(5);
      expect(summary.alertMode).toBe('armed');

      await watch.setAlertMode('disarmed');
      expect(seen.at(-1)?.alertMode).toBe('disarmed');
      const view = (await (await fetch(`${engine.info.apiUrl}/api/alerts`, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { config: { mode: string } };
      expect(view.config.mode).toBe('disarmed');
    } finally {
      watch.stop();
    }
    expect(seen.at(-1)).toBeUndefined();
  }, 60_000);

  it('an engine it cannot ask (no token yet, wrong token, nothing listening) gives no summary and no throw', async () => {
    const missing = new EngineWatch({ apiUrl: engine.info.apiUrl, tokenFile: join(dir, 'none'), onChange: () => undefined });
    missing.start();
    expect(await missing.refresh()).toBeUndefined();
    missing.stop();
    const wrongFile = join(dir, 'wrong-token');
    await writeFile(wrongFile, `${'B'.repeat(43)}\n`);
    const wrong = new EngineWatch({ apiUrl: engine.info.apiUrl, tokenFile: wrongFile, onChange: () => undefined });
    expect(await wrong.refresh()).toBeUndefined();
    await expect(wrong.setAlertMode('armed')).rejects.toThrow(/HTTP 401/);
    const nobody = new EngineWatch({ apiUrl: 'http://127.0.0.1:1', tokenFile, onChange: () => undefined, timeoutMs: 1000 });
    expect(await nobody.refresh()).toBeUndefined();
  });
});

describe('EngineWatch polling', () => {
  it('a stop and start while a poll is in flight leaves one polling loop, not two', async () => {
    // A slow engine stand-in that counts requests: the only way to see how often the watch asks.
    let cameraRequests = 0;
    const server = createServer((request, response) => {
      if (request.url === '/api/cameras') cameraRequests++;
      const body = request.url === '/api/cameras' ? [] : { config: { mode: 'armed' } };
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), 150);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const watch = new EngineWatch({ apiUrl, tokenFile, intervalMs: 100, onChange: () => undefined });
    try {
      watch.start();
      await new Promise((r) => setTimeout(r, 50));
      watch.stop();
      watch.start();
      cameraRequests = 0;
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 2000));
      const elapsed = Date.now() - started;
      // One loop asks at most once per (150 ms answer + 100 ms pause); two would ask twice as often.
      expect(cameraRequests).toBeGreaterThan(2);
      expect(cameraRequests).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    } finally {
      watch.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('summariseCameras', () => {
  it('counts enabled cameras only and refuses another shape', () => {
    const camera = (name: string, state: string, enabled = true) => ({ config: { name, enabled }, state: { state, message: `${name} says ${state}` } });
    expect(summariseCameras([camera('A', 'live'), camera('B', 'failed'), camera('C', 'stopped', false), camera('D', 'starting')])).toEqual({
      total: 3,
      live: 1,
      problems: [{ name: 'B', message: 'B says failed' }],
    });
    expect(() => summariseCameras({ cameras: [] })).toThrow();
  });
});
