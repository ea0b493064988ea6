// Watching from anywhere, the viewer's side, with every real part: the engine's wss:// signalling
// on a non-loopback address, the viewer UI it serves, Chromium trusting exactly its key. A pairing
// code with two routes whose first is dead (a closed port) still pairs and goes live through the
// second; the live tile says how its picture travels ("LAN · 1 ms"), in the page and in the
// tile's stats; the streamers screen lists both routes, which one is connected and which is in use;
// a relay added on the streamer reaches the watching viewer at once (pushed on the live session).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPairingUri, offerForRoutes, parsePairingUri } from '@vigil/shared/pairing';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { freePort } from '../helpers/ports.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { expectLive, launchPinned, openPage, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildViewer } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe('viewer routes: two routes, the first dead; the live tile’s route badge', () => {
  let net: TestInterface;
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  let live: string;
  let dead: string;

  /** The paired streamers as the viewer stored them (IndexedDB). */
  const stored = () =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('vigil-viewer', 1);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      return new Promise<{ url: string; lastGood?: string; routes: { url: string }[] }[]>((resolve) => {
        const r = db.transaction('state', 'readonly').objectStore('state').get('streamers');
        r.onsuccess = () => resolve(r.result);
      });
    });

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-viewer-routes-'));
    await mkdir(SHOTS, { recursive: true });
    const dist = join(tmp, 'viewer');
    await buildViewer(dist);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: net.address,
      viewerDist: dist,
      defaults: { name: 'Home', cameras: [{ id: 'door', name: 'Front door', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } }] },
    });
    live = engine.info.signalingUrl;
    // A port nothing listens on, on the same address: connections to it are refused.
    dead = `wss://${net.address}:${await freePort()}`;
    browser = await launchPinned([engine.info.fingerprint!.spkiSha256]);
    ({ page } = await openPage(browser, engine.info.viewerUrl!));
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('pairs and goes live through the second route when the first is dead', async () => {
    const res = await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } });
    const parsed = parsePairingUri(((await res.json()) as { uri: string }).uri);
    if (!parsed.ok) throw new Error(parsed.error);
    const pin = engine.info.fingerprint!.pin;
    const uri = formatPairingUri(
      offerForRoutes(
        [
          { url: dead, fingerprint: pin, via: 'direct' },
          { url: live, fingerprint: pin, via: 'direct' },
        ],
        parsed.offer.streamerId,
        parsed.offer.token,
      ),
    );
    expect(uri).toContain('v=2');
    expect(await pasteUri(page, uri)).toContain('Added “Home”');
    await showCamera(page, 'door');
    await expectLive(page);
  });

  it('shows how the picture travels: LAN, with the round trip, in the page and in the tile’s stats', async () => {
    const badge = tile(page, 0).getByTestId('tile-route');
    const text = await waitFor(() => badge.textContent(), (t) => /^LAN · \d+ ms$/.test(t ?? ''), 20_000, { what: 'the route badge with its round trip' });
    expect(await badge.getAttribute('title')).toMatch(/^LAN: straight from the streamer over your home network/);
    // The tile's data attributes come from TilePeer.stats() (the selected candidate pair).
    expect(await tile(page, 0).getAttribute('data-route')).toBe('lan');
    const rtt = Number(await tile(page, 0).getAttribute('data-rtt-ms'));
    expect(Number.isInteger(rtt) && rtt >= 0).toBe(true);
    expect(text).toMatch(/^LAN · \d+ ms$/);
    await tile(page, 0).hover();
    await tile(page, 0).screenshot({ path: join(SHOTS, 'viewer-routes-tile-badge.png') });
  });

  it('lists the routes with what is connected and which is in use, and remembers the one that worked', async () => {
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    const rows = page.getByTestId('streamer-route');
    const read = () =>
      rows.evaluateAll((els) => els.map((e) => ({ url: e.getAttribute('data-url'), state: e.getAttribute('data-state'), inUse: e.getAttribute('data-in-use'), text: e.textContent })));
    const list = await waitFor(read, (l) => l.some((r) => r.url === live && r.state === 'ready' && r.inUse === 'true'), 20_000, { what: 'the live route connected and in use' });
    // Once the engine answers `routes`, its own list replaces the code's (the dead route then goes);
    // while listed, the dead route shows as not connected.
    for (const row of list.filter((r) => r.url === dead)) expect(row).toMatchObject({ state: 'down', inUse: 'false', text: expect.stringContaining('Not connected') });
    expect(list.find((r) => r.url === live)!.text).toMatch(/^(Home network|Internet).*Connected.*In use$/);
    await page.getByTestId('streamer-card').first().screenshot({ path: join(SHOTS, 'viewer-routes-settings.png') });
    await waitFor(stored, (saved) => saved[0]?.lastGood === live && saved[0].url === live, 10_000, { what: 'the route that worked saved as lastGood' });
  });

  it('hears of a relay added on the streamer at once, while watching (not at the next 10-minute refresh)', async () => {
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await expectLive(page);
    const relay = `wss://${net.address}:${await freePort()}`;
    const res = await fetch(`${engine.info.apiUrl}/api/remote/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ relays: [{ url: relay, fingerprint: engine.info.fingerprint!.pin }] }),
    });
    expect(res.status).toBe(200);
    // The engine sends `routes-changed` on the tile's data channel; the viewer asks for the signed
    // routes and lists the relay. The live route stays the one in use.
    await waitFor(stored, (saved) => !!saved[0]?.routes.some((r) => r.url === relay), 30_000, { what: 'the added relay saved among the streamer’s routes' });
    await expectLive(page); // watching went on
    await page.getByRole('button', { name: 'Streamers', exact: true }).click();
    const rows = page.getByTestId('streamer-route');
    const read = () => rows.evaluateAll((els) => els.map((e) => ({ url: e.getAttribute('data-url'), inUse: e.getAttribute('data-in-use') })));
    const list = await waitFor(read, (l) => l.some((r) => r.url === relay), 30_000, { what: 'the added relay among the streamer’s routes' });
    expect(list.find((r) => r.url === live)?.inUse).toBe('true');
  });
});
