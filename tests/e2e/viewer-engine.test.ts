// Pairing and live view with every real part: GStreamer RTSP camera and test-pattern cameras →
// engine (ffmpeg, werift, bundled signalling, pairing) → the viewer UI built with Vite, in
// Chromium with the streamer's QR code as its webcam. Then the refusals a person must see:
// replayed and expired codes, a wrong credential, a hostile relay, and revocation.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { alterSdp, startHostileRelay, type Tamper } from '../helpers/hostile-relay.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildViewer, launchWithWebcam, qrWebcamVideo, serveStatic, waitFor } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const CAMERAS = ['door', 'yard', 'garage', 'drive'];

describe('viewer UI + real engine', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let page: Page;
  let firstUri: string;

  const api = async (method: string, path: string) =>
    fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `viewer-engine-${name}.png`) });
  const tile = (slot: number) => page.locator(`[data-testid=tile][data-slot="${slot}"]`);
  const frames = async (slot: number) => Number(await tile(slot).getAttribute('data-frames-decoded'));
  const message = async (slot: number) => (await tile(slot).getByTestId('tile-message').allTextContents()).join(' ');
  const allLive = async () => {
    for (let slot = 0; slot < 4; slot++) {
      const start = await waitFor(() => frames(slot), (n) => n > 0, 30_000).catch(async () => {
        throw new Error(`tile ${slot} shows no video: ${await message(slot)}`);
      });
      await waitFor(() => frames(slot), (n) => n > start, 10_000); // still decoding
      expect(await tile(slot).getAttribute('data-phase')).toBe('live');
    }
  };
  const pasteUri = async (uri: string) => {
    await page.getByRole('button', { name: 'Add streamer', exact: true }).first().click();
    await page.getByTestId('uri-input').fill(uri);
    await page.getByTestId('uri-submit').click();
    return waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t && !t.includes('Pairing with'), 15_000);
  };
  const everyTileSays = (pattern: RegExp) =>
    waitFor(async () => Promise.all([0, 1, 2, 3].map(message)), (texts) => texts.every((t) => pattern.test(t)), 30_000);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-viewer-engine-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ width: 640, height: 360, fps: 15 });
    const pattern = (id: string, name: string) => ({ id, name, source: { kind: 'test-pattern' as const, width: 320, height: 180, fps: 10 } });
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: {
        name: 'Home',
        cameras: [
          { id: 'door', name: 'Front door', source: { kind: 'rtsp', url: rtsp.url() } },
          { ...pattern('yard', 'Yard'), motion: { enabled: true } },
          pattern('garage', 'Garage'),
          pattern('drive', 'Driveway'),
        ],
      },
    });
    await buildViewer(join(tmp, 'dist'));
    site = await serveStatic(join(tmp, 'dist'));
    firstUri = ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;
    browser = await launchWithWebcam(await qrWebcamVideo(firstUri, tmp));
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(site.url);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await engine?.stop();
    await rtsp?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('scans the streamer’s QR code from the webcam and pairs', async () => {
    await page.getByTestId('start-scan').click();
    const outcome = await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t?.includes('Added'), 30_000);
    expect(outcome).toContain('Added “Home”');
    const viewers = (await (await api('GET', '/api/viewers')).json()) as { name: string }[];
    expect(viewers).toHaveLength(1);
    expect(viewers[0]!.name).toMatch(/^Browser on /);
  });

  it('shows four cameras live in a 4-tile grid', async () => {
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await page.getByTestId('layout-4').click();
    for (const [slot, camera] of CAMERAS.entries()) {
      await page.locator(`[data-testid=camera-item][data-camera=${camera}]`).dragTo(tile(slot));
    }
    await allLive();
    await expect(tile(0).locator('.tile-info').textContent()).resolves.toMatch(/640×360/);
    await shot('grid-4');
  });

  it('draws the streamer’s motion boxes over a tile, and hides them on request', async () => {
    const boxes = tile(1).getByTestId('motion-box');
    await waitFor(() => boxes.count(), (n) => n > 0, 20_000);
    const box = (await boxes.first().boundingBox())!;
    const area = (await tile(1).boundingBox())!;
    expect(box.width).toBeGreaterThan(2);
    expect(box.x >= area.x && box.x + box.width <= area.x + area.width + 1).toBe(true);
    await shot('motion-overlay');
    await tile(1).hover();
    await tile(1).getByTestId('tile-motion').click();
    await page.waitForTimeout(500); // lets time pass on purpose: boxes still drawn while off would show
    expect(await boxes.count()).toBe(0);
    await tile(1).getByTestId('tile-motion').click();
    await waitFor(() => boxes.count(), (n) => n > 0, 10_000);
  });

  it('keeps the pairing across a reload', async () => {
    await page.reload();
    await allLive();
  });

  it('refuses a replayed and an expired pairing code with a clear message', async () => {
    expect(await pasteUri(firstUri)).toMatch(/already used/);
    await shot('replayed-code');
    const expired = engine.pairing.offers.issue(1).uri;
    await new Promise((r) => setTimeout(r, 20));
    expect(await pasteUri(expired)).toMatch(/expired/);
  });

  it('refuses offers a hostile relay altered, and rejects answers it forged', async () => {
    // A relay that wants to stay in the path also spoils the viewer's signed `routes` request (the
    // streamer then refuses it as altered), or the viewer would learn the streamer's own address
    // and leave the relay behind.
    const keepPath = (tamper: Tamper): Tamper => (dir, frame) => (dir === 'to-server' && frame.includes('\\"method\\":\\"routes\\"') ? frame.replace('routes', 'routez') : tamper(dir, frame));
    const relay = await startHostileRelay(engine.info.signalingUrl, keepPath(alterSdp('offer')));
    try {
      // The same streamer, reached through the relay (a fresh code, as after a server change).
      const viaRelay = engine.pairing.offers.issue().uri.replace(/u=[^&]+/, `u=${relay.url}`);
      expect(await pasteUri(viaRelay)).toMatch(/already paired/);
      await page.getByRole('button', { name: 'Live', exact: true }).click();
      await everyTileSays(/altered/);
      await shot('relay-altered-offer');
      relay.setTamper(keepPath(alterSdp('answer')));
      await everyTileSays(/not signed by the paired streamer/);
    } finally {
      await relay.stop();
    }
    expect(await pasteUri(engine.pairing.offers.issue().uri)).toMatch(/already paired/);
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await allLive();
  });

  it('refuses a wrong credential', async () => {
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('vigil-viewer', 1);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const store = () => db.transaction('state', 'readwrite').objectStore('state');
      const list = await new Promise<{ credential: { credential: string } }[]>((resolve) => {
        const r = store().get('streamers');
        r.onsuccess = () => resolve(r.result);
      });
      list[0]!.credential.credential = 'W'.repeat(43);
      await new Promise((resolve) => (store().put(list, 'streamers').onsuccess = resolve));
    });
    await page.reload();
    await everyTileSays(/not paired with this streamer/);
    await shot('wrong-credential');
    expect(await pasteUri(engine.pairing.offers.issue().uri)).toMatch(/already paired/);
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await allLive();
  });

  it('cuts the viewer off when the streamer revokes it', async () => {
    const viewers = (await (await api('GET', '/api/viewers')).json()) as { id: string }[];
    for (const v of viewers) expect((await api('DELETE', `/api/viewers/${v.id}`)).status).toBe(204);
    await everyTileSays(/not paired with this streamer/);
    expect(await (await api('GET', '/api/sessions')).json()).toEqual([]);
    await shot('revoked');
  });
});
