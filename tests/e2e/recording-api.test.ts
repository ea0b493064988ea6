// Recordings through the control API of a real engine: a recording test-pattern camera, the
// list with sizes and hashes, usage, an export with progress events and a downloadable clip,
// and verification of the camera's hash chain.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type EngineEvent } from '@vigil/shared/api';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { waitFor } from '../helpers/chromium.ts';

let dir: string;
let engine: Engine;
const seen: EngineEvent[] = [];
let events: WebSocket;
const call = (method: string, path: string, body?: unknown) =>
  fetch(engine.info.apiUrl + path, {
    method,
    headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-rec-api-'));
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: { cameras: [{ id: 'desk', name: 'Desk', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 }, recording: { mode: 'continuous', segmentSeconds: 2 } }] },
  });
  events = new WebSocket(`${engine.info.apiUrl.replace('http', 'ws')}/api/events`, [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + engine.info.adminToken]);
  events.on('message', (data) => seen.push(JSON.parse(String(data)) as EngineEvent));
});
afterAll(async () => {
  events?.close();
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('recordings over the control API', () => {
  let segments: RecordingSegmentView[] = [];

  it('lists closed segments with their size and hash, and the disk usage', async () => {
    segments = await waitFor(async () => (await (await call('GET', '/api/recordings?camera=desk')).json()) as RecordingSegmentView[], (list) => list.length >= 3, 30_000);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    for (const s of segments) {
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.bytes).toBeGreaterThan(1000);
      expect(s.end).toBeGreaterThan(s.start);
    }
    const usage = (await (await call('GET', '/api/recordings/usage')).json()) as { camera: string; bytes: number }[];
    expect(usage.find((u) => u.camera === 'desk')?.bytes).toBeGreaterThan(0);
    expect((await call('GET', '/api/recordings')).status).toBe(400); // no camera named
  });

  it('serves each segment’s thumbnail (with the token or a signed link), and 404 for anything else', async () => {
    const file = segments[0]!.file;
    const path = `/api/recordings/thumbnails/desk/${file}`;
    const res = await call('GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect([...Buffer.from(await res.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await call('GET', '/api/recordings/thumbnails/desk/desk_20000101T000000Z_x.mp4')).status).toBe(404);
    expect((await fetch(engine.info.apiUrl + path)).status).toBe(401);
    const link = (await (await call('POST', '/api/recordings/links', { path })).json()) as { url: string };
    expect((await fetch(engine.info.apiUrl + link.url)).status).toBe(200);
  });

  it('exports a time range with progress events, and the clip downloads', async () => {
    const from = segments[0]!.start;
    const to = segments[segments.length - 1]!.end;
    const res = await call('POST', '/api/recordings/export', { camera: 'desk', from, to });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const progress = () => seen.flatMap((e) => (e.type === 'recording-export' && e.progress.id === id ? [e.progress] : []));
    await waitFor(async () => progress(), (list) => list.some((p) => p.state !== 'running'), 30_000);
    expect(progress().at(-1)).toMatchObject({ state: 'done', fraction: 1 });
    const clip = await call('GET', `/api/recordings/exports/${id}/clip.mp4`);
    expect(clip.status).toBe(200);
    expect(clip.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await clip.arrayBuffer());
    expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
    expect((await call('GET', '/api/recordings/exports/nope/clip.mp4')).status).toBe(404);
    expect((await call('POST', '/api/recordings/export', { camera: 'desk', from: to, to: from })).status).toBe(400);
  });

  it('verifies the camera’s footage against its hash chain, and refuses odd camera names', async () => {
    const report = (await (await call('POST', '/api/recordings/verify', { camera: 'desk' })).json()) as { ok: boolean; verified: number };
    expect(report.ok).toBe(true);
    expect(report.verified).toBeGreaterThanOrEqual(3);
    expect((await call('POST', '/api/recordings/verify', { camera: '../..' })).status).toBe(400);
  });
});
