// The whole live path with real parts: GStreamer RTSP camera → engine (ffmpeg copy, werift) →
// bundled signalling server → pairing → Chromium decoding frames. Then revocation, replayed
// tokens, unpaired and tampered offers are refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SignalingClient } from '@vigil/signaling/node';
import type { ViewerCredential } from '@vigil/shared/pairing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { createViewer, launchChromium, openViewerPage, waitFor } from '../helpers/chromium.ts';
import { connectSignaling, pair, watch } from '../helpers/paired-viewer.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';

let dir: string;
let rtsp: RtspServer;
let engine: Engine;
let browser: Browser;
let page: Page;
let client: SignalingClient;
let cred: ViewerCredential;
const api = (method: string, path: string) =>
  fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });
const newOfferUri = async () => ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'));
  rtsp = await startRtspServer({ width: 640, height: 360, fps: 15 });
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: { cameras: [{ id: 'door', name: 'Front door', source: { kind: 'rtsp', url: rtsp.url() } }] },
  });
  browser = await launchChromium();
  page = await openViewerPage(browser);
  client = await connectSignaling(engine.info.signalingUrl);
});
afterAll(async () => {
  client?.stop();
  await browser?.close();
  await engine?.stop();
  await rtsp?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('camera → engine → signalling → paired viewer', () => {
  it('pairs with the QR code URI, then a replay of the same token is refused', async () => {
    const uri = await newOfferUri();
    const first = await pair(client, uri, 'Laptop');
    expect(first.refusal).toBeUndefined();
    cred = first.cred!;
    expect(cred.streamerId).toBe(engine.info.streamerId);
    const again = await pair(client, uri, 'Thief');
    expect(again.refusal).toMatch(/already used/);
    const viewers = (await (await api('GET', '/api/viewers')).json()) as { name: string }[];
    expect(viewers.map((v) => v.name)).toEqual(['Laptop']);
  });

  it('shows the RTSP camera live in Chromium over the signed session (H.264 copied, never encoded)', async () => {
    const { viewer } = await watch(client, page, cred, 'door');
    const stats = await waitFor(viewer.stats, (s) => s.framesDecoded > 15, 20_000);
    expect(stats.frameWidth).toBe(640);
    expect(stats.frameHeight).toBe(360);
    const command = engine.manager.command('door')!.join(' ');
    expect(command).toContain('-c:v copy');
    expect(command).not.toMatch(/libx264|-c:v h264|-vcodec libx/);
    const sessions = (await (await api('GET', '/api/sessions')).json()) as { cameraId: string }[];
    expect(sessions).toMatchObject([{ cameraId: 'door' }]);
  });

  it('gives the streamer UI a live preview over the control API (admin token only)', async () => {
    const viewer = await createViewer(page, { trickle: false });
    const post = (headers: Record<string, string>) =>
      fetch(`${engine.info.apiUrl}/api/cameras/door/webrtc`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ sdp: viewer.offer }) });
    expect((await post({})).status).toBe(401);
    const res = await post({ authorization: `Bearer ${engine.info.adminToken}` });
    expect(res.status).toBe(201);
    const { sessionId, sdp } = (await res.json()) as { sessionId: string; sdp: string };
    await viewer.accept(sdp);
    await waitFor(viewer.stats, (s) => s.framesDecoded > 5, 20_000);
    expect(((await (await api('GET', '/api/sessions')).json()) as { id: string }[]).map((s) => s.id)).toContain(sessionId);
    expect((await api('DELETE', `/api/sessions/${sessionId}`)).status).toBe(204);
  });

  it('accepts a viewer that also offers to receive audio (the camera sends video only)', async () => {
    const viewer = await createViewer(page, { trickle: false, audio: true });
    expect(viewer.offer).toContain('m=audio');
    const res = await fetch(`${engine.info.apiUrl}/api/cameras/door/webrtc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engine.info.adminToken}` },
      body: JSON.stringify({ sdp: viewer.offer }),
    });
    expect(res.status).toBe(201);
    const { sessionId, sdp } = (await res.json()) as { sessionId: string; sdp: string };
    expect(sdp).toMatch(/m=audio/);
    await viewer.accept(sdp);
    await waitFor(viewer.stats, (s) => s.framesDecoded > 5, 20_000);
    expect((await api('DELETE', `/api/sessions/${sessionId}`)).status).toBe(204);
  });

  it('refuses unpaired, tampered and unknown-camera offers with a reason', async () => {
    const unpaired = await watch(client, page, { ...cred, credential: 'A'.repeat(43) }, 'door');
    expect(unpaired.refusal).toMatch(/not (made for this streamer|paired)/);
    const tampered = await watch(client, page, cred, 'door', (sdp) => sdp.replace('a=setup:actpass', 'a=setup:active'));
    expect(tampered.refusal).toMatch(/altered/);
    const unknown = await watch(client, page, cred, 'nope');
    expect(unknown.refusal).toMatch(/nope/);
  });

  it('revoking the viewer ends its live session at once and refuses it afterwards', async () => {
    const before = (await (await api('GET', '/api/sessions')).json()) as unknown[];
    expect(before.length).toBeGreaterThan(0);
    expect((await api('DELETE', `/api/viewers/${cred.viewerId}`)).status).toBe(204);
    await waitFor(async () => (await (await api('GET', '/api/sessions')).json()) as unknown[], (s) => s.length === 0, 5000);
    const after = await watch(client, page, cred, 'door');
    expect(after.refusal).toMatch(/not paired/);
  });
});
