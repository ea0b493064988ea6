// The streamer UI's Remote access screen in Chromium, against a control API serving the real
// remote-access routes (api/remote-routes.ts) and config store. The engine's remote service does
// not exist yet: a stand-in (tests/fixtures/remote/admin.ts) plays each state (all good, UPnP off,
// CGNAT, relay down) and announces it on the event hub, so the screen must follow live.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPairingUri, offerForRoutes, type SignalingRoute } from '@vigil/shared/pairing';
import { ADVICE, VERDICT_TEXT } from '@vigil/shared/remote';
import { createControlApi } from '../../apps/streamer/src/engine/api/server.ts';
import { json } from '../../apps/streamer/src/engine/api/route.ts';
import { remoteRoutes } from '../../apps/streamer/src/engine/api/remote-routes.ts';
import { openConfigStore, type ConfigStore } from '../../apps/streamer/src/engine/config/store.ts';
import { createEventHub } from '../../apps/streamer/src/engine/events/hub.ts';
import { createStaticSite, STREAMER_UI_CSP } from '../../apps/streamer/src/engine/web/static-site.ts';
import { createTestRemoteAdmin, type RemoteScene } from '../fixtures/remote/admin.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { buildStreamerUi, collectPageErrors } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const TOKEN = 'remote-screen-admin-token-0123456789';
const SECRET = 'turn-shared-secret-never-shown-7f3a';
const RELAY = 'wss://relay.example.org';
const PIN = 'BBBBBBBBBBBBBBBBBBBBBB';
const ROUTES: SignalingRoute[] = [
  { url: 'wss://192.168.1.20:8443', fingerprint: PIN, via: 'direct' },
  { url: 'wss://203.0.113.7:8443', fingerprint: PIN, via: 'direct' },
  { url: RELAY, via: 'relay' },
];
const HOUR = 3_600_000;

/** A router that opened the signalling port and the media ports, at a public address of its own. */
const allGood = (): RemoteScene => ({
  publicAddress: '203.0.113.7',
  routerAddress: '203.0.113.7',
  portMapping: {
    state: 'ok',
    detail: 'The router (UPnP-IGD) forwards the signalling port and 2 media ports',
    mappings: [
      { protocol: 'TCP', external: 8443, internal: 8443, expiresAt: Date.now() + HOUR },
      { protocol: 'UDP', external: 50000, internal: 50000, expiresAt: Date.now() + HOUR },
      { protocol: 'UDP', external: 50001, internal: 50001, expiresAt: Date.now() + HOUR },
    ],
  },
  routes: ROUTES,
});

describe('streamer UI: remote access', () => {
  let tmp: string;
  let store: ConfigStore;
  let api: ReturnType<typeof createControlApi>;
  let apiUrl: string;
  let remote: ReturnType<typeof createTestRemoteAdmin>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';
  const verdict = () => text('remote-verdict-text');
  // The app scrolls inside its frame (.content), so a full-page shot needs a window as tall as the screen.
  const shot = async (name: string) => {
    const height = await page.locator('.content').evaluate((el) => el.scrollHeight + (el as HTMLElement).offsetTop);
    await page.setViewportSize({ width: 1280, height: Math.max(900, height) });
    await page.screenshot({ path: join(SHOTS, `remote-${name}.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-remote-'));
    await mkdir(SHOTS, { recursive: true });
    await buildStreamerUi(join(tmp, 'dist'));
    store = await openConfigStore(join(tmp, 'config.json'), {
      remote: { stun: ['stun:stun.example.org:3478'], turn: [{ urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'], secret: SECRET }], relays: [{ url: RELAY }] },
    });
    const hub = createEventHub();
    remote = createTestRemoteAdmin(store, (status) => hub.publish({ type: 'remote-status', status }));
    const uri = formatPairingUri(offerForRoutes(ROUTES, 'AAAAAAAAAAAAAAAAAAAAAA', 'CCCCCCCCCCCCCCCCCCCCCC'));
    api = createControlApi({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      events: hub.onPublic,
      ui: createStaticSite(join(tmp, 'dist'), 'npm run build:streamer-ui', STREAMER_UI_CSP),
      routes: {
        ...remoteRoutes(remote.admin),
        // What the rest of the app reads when it opens (no cameras, no viewers) and a v2 pairing code.
        listCameras: () => json([]),
        listSessions: () => json([]),
        listViewers: () => json([]),
        createPairingOffer: async () => json({ uri, expiresAt: Date.now() + 5 * 60_000, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }) }),
      },
    });
    apiUrl = (await api.start()).url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    collectPageErrors(page, pageErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('all good: reachable from anywhere, directly and through the relay', async () => {
    remote.set({ ...allGood(), relays: { [RELAY]: { state: 'ok', detail: 'Registered; viewers away from home can come through it' } } });
    await page.goto(`${apiUrl}/#token=${TOKEN}`);
    await page.getByTestId('nav-remote').click();
    await page.getByTestId('remote-screen').waitFor();
    await waitFor(verdict, (t) => t === 'Viewers can reach this streamer from anywhere', 10_000);
    expect(await text('remote-public-address')).toBe('203.0.113.7');
    expect(await page.getByTestId('remote-mapping-state').getAttribute('data-state')).toBe('ok');
    expect(await page.locator('[data-testid=remote-mappings] tbody tr').count()).toBe(3);
    expect(await page.getByTestId('remote-relay-state').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('remote-turn-state').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('remote-route').allTextContents()).toEqual(['Home network192.168.1.20:8443At home', 'Internet, direct203.0.113.7:8443Anywhere', 'Relayrelay.example.orgAnywhere']);
    expect(await page.getByTestId('remote-advice').count()).toBe(0);
    // The TURN secret is set: the form says so, and the page never has it.
    expect(await page.getByTestId('turn-0-secret').getAttribute('placeholder')).toBe('set');
    expect(await page.content()).not.toContain(SECRET);

    await page.getByTestId('remote-test').click();
    const result = page.getByTestId('remote-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-reachable')).toBe('true');
    expect(await result.textContent()).toContain('Reachable from outside');
    await shot('anywhere');
  });

  it('UPnP off and no TURN: only on the home network, and the test from outside says why', async () => {
    remote.set({ ...allGood(), portMapping: { state: 'failed', detail: 'No router answered UPnP-IGD, NAT-PMP or PCP on this network', mappings: [] } });
    // Live, from the event: the relay is still registering, so it may yet carry viewers.
    await waitFor(verdict, (t) => t === VERDICT_TEXT.checking, 10_000, { what: 'the new status, live' });
    // Remove the relay and the TURN server with the form; the TURN secret goes with it.
    await page.locator('[data-testid=relay-0] button', { hasText: 'Remove' }).click();
    await page.locator('[data-testid=turn-0] button', { hasText: 'Remove' }).click();
    await page.getByTestId('remote-save').click();
    await page.getByTestId('remote-saved').waitFor();
    expect(store.current().remote.relays).toEqual([]);
    expect(store.current().remote.turn).toEqual([]);
    expect(await readFile(store.file, 'utf8')).not.toContain(SECRET);
    await waitFor(verdict, (t) => t === 'Only on your home network', 10_000);
    expect(await page.getByTestId('remote-advice').locator('li').allTextContents()).toEqual([ADVICE.upnpOff, ADVICE.turnMissing]);
    expect(await page.getByTestId('remote-mapping-state').getAttribute('data-state')).toBe('failed');
    expect(await page.getByTestId('remote-turn-state').getAttribute('data-state')).toBe('off');

    await page.getByTestId('remote-test').click();
    await waitFor(() => page.getByTestId('remote-test-result').getAttribute('data-reachable').catch(() => null), (r) => r === 'false', 10_000);
    expect(await page.getByTestId('remote-test-reasons').locator('li').allTextContents()).toEqual([ADVICE.upnpOff, ADVICE.turnMissing]);
    expect(await text('remote-test-result')).toContain('Not reachable from outside');
    await shot('upnp-off');
  });

  it('CGNAT: says so and asks for a relay; a relay added in the form carries viewers', async () => {
    remote.set({ publicAddress: '198.51.100.23', routerAddress: '100.72.14.9', cgnat: true, portMapping: { state: 'ok', detail: 'The router opened the ports, but on an address the internet does not see', mappings: [{ protocol: 'TCP', external: 8443, internal: 8443 }] }, routes: ROUTES.slice(0, 1) });
    await waitFor(() => page.getByTestId('remote-cgnat').count(), (n) => n === 1, 10_000);
    expect(await verdict()).toBe('Only on your home network');
    expect(await page.getByTestId('remote-advice').locator('li').allTextContents()).toEqual([ADVICE.cgnat, ADVICE.turnMissing]);
    expect(await text('remote-public-address')).toBe('198.51.100.23');
    await shot('cgnat');

    // A bad address is refused at the field, nothing saved; then a good one.
    await page.getByTestId('relay-add').click();
    await page.getByTestId('relay-0-url').fill('ws://relay.example.org');
    await page.getByTestId('remote-save').click();
    expect(await text('error-relay-0-url')).toBe('must be a wss:// URL with a host and no path');
    expect(store.current().remote.relays).toEqual([]);
    await page.getByTestId('relay-0-url').fill(RELAY);
    await page.getByTestId('remote-save').click();
    await page.getByTestId('remote-saved').waitFor();
    expect(store.current().remote.relays).toEqual([{ url: RELAY }]);
    await waitFor(() => page.getByTestId('remote-relay-state').getAttribute('data-state').catch(() => null), (s) => s === 'working', 10_000);
    remote.set({ publicAddress: '198.51.100.23', routerAddress: '100.72.14.9', cgnat: true, portMapping: { state: 'ok', detail: 'The router opened the ports, but on an address the internet does not see', mappings: [] }, routes: [ROUTES[0]!, ROUTES[2]!], relays: { [RELAY]: { state: 'ok', detail: 'Registered' } } });
    await waitFor(verdict, (t) => t === 'Through the relay only', 10_000);
    expect(await page.getByTestId('remote-advice').locator('li').allTextContents()).toEqual([ADVICE.turnMissing]);
    await shot('relay-only');
  });

  it('relay down: the relay is named with what to do', async () => {
    remote.set({ publicAddress: '198.51.100.23', routerAddress: '100.72.14.9', cgnat: true, portMapping: { state: 'ok', detail: 'The router opened the ports, but on an address the internet does not see', mappings: [] }, routes: ROUTES.slice(0, 1), relays: { [RELAY]: { state: 'failed', detail: 'connection refused' } } });
    await waitFor(() => page.getByTestId('remote-relay-state').getAttribute('data-state').catch(() => null), (s) => s === 'failed', 10_000);
    expect(await verdict()).toBe('Only on your home network');
    expect(await page.getByTestId('remote-advice').locator('li').allTextContents()).toEqual([ADVICE.cgnat, 'The relay relay.example.org cannot be reached (connection refused): check its address and pin, or remove it', ADVICE.turnMissing]);
    // The STUN list is checked line by line before anything is sent.
    await page.getByTestId('remote-stun').fill('stun:stun.example.org:3478\nstun.example.net');
    await page.getByTestId('remote-save').click();
    expect(await text('error-stun')).toBe('line 2: must be a stun: URL');
    expect(store.current().remote.stun).toEqual(['stun:stun.example.org:3478']);
    await shot('relay-down');
  });

  it('the pairing code says how many routes it carries', async () => {
    await page.getByTestId('nav-pairing').click();
    await waitFor(() => page.getByTestId('pairing-routes').textContent().catch(() => ''), (t) => t === 'This code works at home and away: 3 routes', 10_000);
    await shot('pairing');
    expect(pageErrors).toEqual([]);
  });
});
