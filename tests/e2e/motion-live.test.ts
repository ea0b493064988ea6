// Motion on the live path with real parts: GStreamer RTSP cameras (a moving ball; a still
// picture) → the engine's one ffmpeg per camera (live copy + motion frames) → motion worker →
// events on the control API and boxes on the paired viewer's data channel in Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import type { SignalingClient } from '@vigil/signaling/node';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type EngineEvent } from '@vigil/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, openViewerPage, waitFor } from '../helpers/chromium.ts';
import { connectSignaling, pair, watch } from '../helpers/paired-viewer.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';

const STILL_WINDOW_MS = 60_000;

let dir: string;
let moving: RtspServer;
let still: RtspServer;
let engine: Engine;
let browser: Browser;
let page: Page;
let client: SignalingClient;
let events: WebSocket;
const seen: EngineEvent[] = [];
let startedAt = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-motion-e2e-'));
  [moving, still] = await Promise.all([startRtspServer({ scene: 'ball', width: 640, height: 360, fps: 15 }), startRtspServer({ scene: 'still', width: 640, height: 360, fps: 15 })]);
  const motion = { enabled: true, fps: 8, startFrames: 3, endQuietSeconds: 2 };
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: {
      cameras: [
        { id: 'yard', name: 'Yard', source: { kind: 'rtsp', url: moving.url() }, motion },
        { id: 'hall', name: 'Hall', source: { kind: 'rtsp', url: still.url() }, motion },
      ],
    },
  });
  startedAt = Date.now();
  events = new WebSocket(`${engine.info.apiUrl.replace('http', 'ws')}/api/events`, [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + engine.info.adminToken]);
  events.on('message', (data) => seen.push(JSON.parse(String(data)) as EngineEvent));
  browser = await launchChromium();
  page = await openViewerPage(browser);
  client = await connectSignaling(engine.info.signalingUrl);
}, 120_000);

afterAll(async () => {
  events?.close();
  client?.stop();
  await browser?.close();
  await engine?.stop();
  await Promise.all([moving?.stop(), still?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

const motionOf = (camera: string) => seen.filter((e): e is Extract<EngineEvent, { type: 'motion' }> => e.type === 'motion' && e.transition.event.camera === camera);

describe('motion on live cameras', () => {
  it('a moving object starts an event, and the paired viewer receives its boxes', async () => {
    const { cred, refusal } = await pair(client, engine.pairing.offers.issue().uri);
    expect(refusal).toBeUndefined();
    const { viewer } = await watch(client, page, cred, 'yard');
    await waitFor(viewer.stats, (s) => s.framesDecoded > 10, 20_000);
    await waitFor(async () => motionOf('yard'), (list) => list.some((e) => e.transition.type === 'start'), 30_000);
    expect(motionOf('yard')[0]!.transition.type).toBe('start');
    const received = (await waitFor(viewer.events, (list) => list.some((e) => (e as { type?: string }).type === 'motion-boxes'), 15_000)) as { type: string; boxes?: number[] }[];
    const boxes = received.find((e) => e.type === 'motion-boxes' && e.boxes && e.boxes.length >= 4)!.boxes!;
    // Normalised x, y, w, h: a ball, not the whole frame.
    for (const v of boxes) expect(v).toBeGreaterThanOrEqual(0);
    expect(boxes[2]! * boxes[3]!).toBeLessThan(0.5);
  });

  it(`a still scene raises no event over ${STILL_WINDOW_MS / 1000} s`, async () => {
    const left = STILL_WINDOW_MS - (Date.now() - startedAt);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    expect(engine.manager.states().find((s) => s.id === 'hall')?.state).toBe('live');
    expect(motionOf('hall').map((e) => ({ type: e.transition.type, at: e.transition.event.start - startedAt, area: e.transition.event.peakArea, boxes: e.transition.event.boxes }))).toEqual([]);
  }, STILL_WINDOW_MS + 30_000);
});
