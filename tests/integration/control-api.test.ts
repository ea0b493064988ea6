// The control API of a real engine (real ffmpeg test-pattern camera, real signalling server):
// auth, validation with clear errors, camera lifecycle, events, metrics, pairing admin.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type CameraView, type EngineEvent } from '@vigil/shared/api';
import { parsePairingUri } from '@vigil/shared/pairing';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { waitFor } from '../helpers/wait.ts';

let dir: string;
let engine: Engine;
let api: string;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-api-'));
  engine = await startEngine({ dataDir: dir, apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1' });
  api = engine.info.apiUrl;
  auth = { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown, headers = auth) =>
  fetch(api + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

function nextEvent(ws: WebSocket, match: (e: EngineEvent) => boolean, timeoutMs = 15_000): Promise<EngineEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching event')), timeoutMs);
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as EngineEvent;
      if (match(event)) {
        clearTimeout(timer);
        resolve(event);
      }
    });
  });
}

describe('control API', () => {
  it('answers /healthz without a token and nothing else', async () => {
    expect(await (await fetch(`${api}/healthz`)).json()).toEqual({ ok: true });
    for (const path of ['/api/cameras', '/metrics', '/api/viewers']) {
      const res = await fetch(api + path);
      expect(res.status, path).toBe(401);
    }
    const wrong = await call('GET', '/api/cameras', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  it('refuses bad camera configs with the field named', async () => {
    const cases: [unknown, RegExp][] = [
      [{ id: 'Bad Id', name: 'x', source: { kind: 'test-pattern' } }, /id: must be 1-48/],
      [{ id: 'cam', name: 'x', source: { kind: 'rtsp', url: 'http://example' } }, /source\.url: must be an rtsp/],
      [{ id: 'cam', name: 'x', source: { kind: 'teleport' } }, /source\.kind/],
      [{ id: 'cam', name: 'x', source: { kind: 'usb', device: '/dev/video0', fps: 500 } }, /source\.fps/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/api/cameras', body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    const notJson = await call('POST', '/api/cameras', '{oops');
    expect(notJson.status).toBe(400);
    const huge = await call('POST', '/api/cameras', 'x'.repeat(70_000));
    expect(huge.status).toBe(413);
  });

  it('answers a bad path parameter with 400 and a clear error, never a 500 with a stack in the log', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      for (const path of ['/api/cameras/%ZZ', '/api/viewers/%E0%A4%A', '/api/recordings/segments/%/x.mp4']) {
        const res = await call(path.startsWith('/api/cameras') ? 'DELETE' : path.startsWith('/api/viewers') ? 'PATCH' : 'GET', path, path.startsWith('/api/viewers') ? { name: 'x' } : undefined);
        expect(res.status, path).toBe(400);
        expect((await res.json()).error.message, path).toMatch(/is not valid %-escaped text/);
      }
      expect(logged).toEqual([]);
    } finally {
      console.error = original;
    }
  });

  it('survives a client that resets the event socket it was refused (no uncaught ECONNRESET)', async () => {
    const uncaught: Error[] = [];
    const record = (error: Error) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const { port } = new URL(api);
      for (let round = 0; round < 5; round++) {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, round).toString('base64')}\r\nSec-WebSocket-Protocol: ${TOKEN_PROTOCOL_PREFIX}wrong\r\n\r\n`);
        const answer = await new Promise<string>((resolve) => socket.once('data', (data: Buffer) => resolve(data.toString())));
        expect(answer).toMatch(/^HTTP\/1\.1 401/);
        socket.resetAndDestroy();
      }
      // Lets time pass on purpose: the resets' uncaught errors, were there any, would arrive within it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught.map((error) => error.message)).toEqual([]);
      expect((await call('GET', '/api/cameras')).status).toBe(200);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('adds a camera that goes live, reports events and metrics, hides credentials, and removes it', async () => {
    const ws = new WebSocket(`${api.replace('http', 'ws')}/api/events`, [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + engine.info.adminToken]);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    const live = nextEvent(ws, (e) => e.type === 'camera-state' && e.state.id === 'pattern' && e.state.state === 'live');
    const res = await call('POST', '/api/cameras', { id: 'pattern', name: 'Pattern', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } });
    expect(res.status).toBe(201);
    await live;
    expect((await call('POST', '/api/cameras', { id: 'pattern', name: 'Again', source: { kind: 'test-pattern' } })).status).toBe(409);

    const secret = await call('POST', '/api/cameras', { id: 'ipcam', name: 'IP', source: { kind: 'rtsp', url: 'rtsp://admin:hunter2@127.0.0.1:1/stream' } });
    const view = (await secret.json()) as CameraView;
    expect(view.config.source).toMatchObject({ url: 'rtsp://***@127.0.0.1:1/stream' });
    const listed = await (await call('GET', '/api/cameras')).text();
    expect(listed).not.toContain('hunter2');
    // Sending the redacted URL back keeps the stored password.
    const renamed = await call('PUT', '/api/cameras/ipcam', { ...view.config, name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(engine.manager.command('ipcam')?.join(' ') ?? '').not.toContain('hunter2');

    const fpsOf = (text: string) => Number(/vigil_camera_fps\{camera="pattern"\} ([\d.]+)/.exec(text)?.[1]);
    const metrics = await waitFor(async () => (await call('GET', '/metrics')).text(), (text) => fpsOf(text) > 5, 15_000, { what: 'the pattern camera over 5 fps in /metrics' });
    expect(metrics).toMatch(/vigil_camera_up\{camera="pattern"\} 1/);
    expect(fpsOf(metrics)).toBeGreaterThan(5);

    const removed = nextEvent(ws, (e) => e.type === 'camera-removed' && e.id === 'ipcam', 5000);
    expect((await call('DELETE', '/api/cameras/ipcam')).status).toBe(204);
    await removed;
    expect((await call('DELETE', '/api/cameras/ipcam')).status).toBe(404);
    ws.close();
  });

  it('configures alert channels without ever returning secrets, and tests them for real', async () => {
    expect((await call('GET', '/api/alerts')).status).toBe(200);
    const bad = await call('PUT', '/api/alerts', { channels: [{ type: 'email', id: 'mail', name: 'Mail', host: '', from: 'a@b', to: [] }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/invalid alert settings: channels\.0\./);
    const channel = { type: 'email', id: 'mail', name: 'Mail', host: '127.0.0.1', port: 1, security: 'none', user: 'me', password: 'hunter2', from: 'cam@home.test', to: ['me@home.test'] };
    const saved = await call('PUT', '/api/alerts', { channels: [channel] });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain('hunter2');
    const tested = await call('POST', '/api/alerts/channels/mail/test');
    expect(tested.status).toBe(200);
    expect(JSON.stringify(await tested.json())).toMatch(/cannot reach 127\.0\.0\.1:1/);
    expect((await call('POST', '/api/alerts/channels/nope/test')).status).toBe(404);
    expect((await call('PUT', '/api/alerts/mode', { mode: 'disarmed' })).status).toBe(200);
    expect(await (await call('GET', '/api/alerts/outbox')).json()).toEqual([]);
  });

  it('issues pairing offers as QR codes and manages viewers', async () => {
    const res = await call('POST', '/api/pairing/offers');
    expect(res.status).toBe(201);
    const offer = await res.json();
    expect(offer.qrSvg).toMatch(/^<svg/);
    const parsed = parsePairingUri(offer.uri);
    expect(parsed).toMatchObject({ ok: true, offer: { streamerId: engine.info.streamerId } });
    expect(await (await call('GET', '/api/viewers')).json()).toEqual([]);
    expect((await call('DELETE', '/api/viewers/nobody')).status).toBe(404);
    expect((await call('PATCH', '/api/viewers/nobody', { name: '' })).status).toBe(400);
  });
});
