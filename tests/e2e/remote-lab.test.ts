// Watching from anywhere, end to end in a network lab (tests/helpers/netlab.ts): the engine and a
// GStreamer RTSP camera run in a home LAN behind a NAT router with a real miniupnpd; Chromium runs
// in an away LAN behind another NAT; the internet segment holds coturn and a standalone relay that
// serves the viewer. Each case asserts that frames decode in the away Chromium and which candidate
// pair carries them (the tile reads it from getStats):
//   (a) paired at home, the same profile away: through the router's UPnP mapping, no relay
//   (b) no UPnP, both NATs endpoint-independent: signalling through the relay, media direct (STUN)
//   (c) both NATs symmetric: media through TURN, with credentials the streamer minted
//   (d) the home behind a carrier NAT (CGNAT) and the viewer behind a symmetric NAT: no mapping,
//       the relay carries signalling and TURN the media; the Remote access screen says CGNAT
//   (g) the viewer's network changes mid-stream: the tile recovers by itself
// (e) a relay that alters messages and (f) TURN without a minted credential are in
// tests/integration/engine-remote-routes.test.ts and tests/e2e/netlab.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteConfig } from '@vigil/shared/engine-config';
import type { RemoteStatus } from '@vigil/shared/remote';
import { launchChromiumIn } from '../helpers/lab-browser.ts';
import { LAB_ENGINE } from '../helpers/lab-engine.ts';
import { createNetLab, type NetLab, type NetLabAgent, type NetLabOptions } from '../helpers/netlab.ts';
import { expectLive, framesOf, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';
import { buildViewer } from '../viewer/harness.ts';

const SIGNALING_PORT = 8443;
const SHOTS = 'tests/e2e/screenshots';
let tmp: string;
let viewerDist: string;
let streamerDist: string;

interface Scene {
  lab: NetLab;
  home: NetLabAgent;
  internet: NetLabAgent;
  relay: { url: string; pin: string; spkiSha256: string };
  engine: { signalingUrl: string; spkiSha256?: string; apiUrl: string; adminToken: string };
  /** The relay's address, where the browser loads the viewer (reachable from home and away). */
  viewerUrl: string;
  status(): Promise<RemoteStatus>;
  offer(): Promise<string>;
}
const open: (() => Promise<void>)[] = [];

/** Builds a lab, the relay (serving the viewer) in the internet, the engine and its camera at home. */
async function scene(name: string, options: NetLabOptions, remote: (lab: NetLab, relay: Scene['relay']) => Partial<RemoteConfig>): Promise<Scene> {
  const lab = await createNetLab(options);
  open.push(() => lab.close());
  const internet = await lab.agent(lab.ns.internet);
  await internet.keep('relay', LAB_ENGINE, 'startLabRelay', [lab.addr.internet, join(tmp, name, 'relay-tls'), viewerDist]);
  const relay = await internet.invoke<Scene['relay']>('relay', 'info');
  open.push(() => internet.invoke('relay', 'stop'));
  const home = await lab.agent(lab.ns.home);
  await home.keep('vigil', LAB_ENGINE, 'startLabEngine', [{ dataDir: join(tmp, name, 'engine'), signalingPort: SIGNALING_PORT, remote: remote(lab, relay), streamerDist }]);
  open.push(() => home.invoke('vigil', 'stop'));
  const engine = await home.invoke<Scene['engine']>('vigil', 'info');
  return {
    lab,
    home,
    internet,
    relay,
    engine,
    viewerUrl: relay.url.replace(/^wss/, 'https') + '/',
    status: () => home.invoke<RemoteStatus>('vigil', 'remoteStatus'),
    offer: () => home.invoke<string>('vigil', 'offer'),
  };
}

/** Chromium in `ns` with a profile kept under `profile`, trusting the engine's and the relay's keys. */
async function browserIn(s: Scene, ns: string, profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchChromiumIn(ns, join(tmp, profile), [s.engine.spkiSha256!, s.relay.spkiSha256]);
  open.push(() => context.close().catch(() => undefined));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(s.viewerUrl);
  return { context, page };
}

/** Pairs the page with a fresh code and puts the porch camera on the first tile, live. */
async function pairAndWatch(s: Scene, page: Page): Promise<void> {
  expect(await pasteUri(page, await s.offer())).toMatch(/Paired|paired|Added|added/);
  await showCamera(page, 'porch');
  await expectLive(page, 0, 60_000);
}

/** The tile's media path once live: route (lan, direct, relayed) and the selected candidate pair. */
async function pathOf(page: Page): Promise<{ route: string; pair: string; rtt: string }> {
  const t = tile(page, 0);
  const read = async () => ({ route: (await t.getAttribute('data-route')) ?? '', pair: (await t.getAttribute('data-pair')) ?? '', rtt: (await t.getAttribute('data-rtt-ms')) ?? '' });
  return waitFor(read, (p) => p.route !== '' && p.pair !== '', 20_000, { what: 'the tile to report its media path' });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-remote-lab-'));
  viewerDist = join(tmp, 'viewer');
  streamerDist = join(tmp, 'streamer-ui');
  await buildViewer(viewerDist);
  await buildStreamerUi(streamerDist);
});
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close().catch(() => undefined);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('remote viewing in a network lab', () => {
  it('(a) paired at home, the same viewer away goes live through the UPnP mapping, without any relay', async () => {
    const s = await scene('a', { upnp: true, homeNat: 'eim', awayNat: 'eim' }, (_lab, relay) => ({
      portMapping: true,
      mediaPorts: { min: 50000, max: 50015 },
      relays: [{ url: relay.url, fingerprint: relay.spkiSha256 }],
    }));
    const publicRoute = `wss://${s.lab.addr.publicHome}:${SIGNALING_PORT}`;
    const status = await waitFor(s.status, (st) => st.portMapping.state === 'ok' && st.routes.some((r) => r.url === publicRoute), 30_000, { what: 'the router mapping and the public route' });
    expect(status.portMapping.mappings).toContainEqual(expect.objectContaining({ protocol: 'TCP', external: SIGNALING_PORT, internal: SIGNALING_PORT }));
    expect(status.cgnat).toBe(false);

    // At home: paired on the LAN, the picture goes host to host.
    const atHome = await browserIn(s, s.lab.ns.home, 'profile-a');
    await pairAndWatch(s, atHome.page);
    expect((await pathOf(atHome.page)).route).toBe('lan');
    await atHome.context.close();

    // Away, same profile: the tile comes back by itself, through the router's public address.
    const away = await browserIn(s, s.lab.ns.away, 'profile-a');
    await expectLive(away.page, 0, 60_000);
    const path = await pathOf(away.page);
    expect(path.route).toBe('direct');
    expect(path.pair).not.toMatch(/relay/);
    expect(path.pair).toMatch(new RegExp(`→ \\w+ ${s.lab.addr.publicHome.replace(/\./g, '\\.')}:500(0\\d|1[0-5])$`));
    await away.page.screenshot({ path: join(SHOTS, 'remote-tile-internet.png') });

    // "Test from outside": the relay dials the public address back and finds this streamer's key.
    const test = await s.home.invoke<NonNullable<RemoteStatus['lastTest']>>('vigil', 'testFromOutside');
    expect(test, JSON.stringify(test.reasons)).toMatchObject({ reachable: true });
  });

  it('(b) without UPnP, both NATs endpoint-independent: signalling through the relay, media direct (STUN); (g) the viewer moves networks and the tile recovers', async () => {
    const s = await scene('b', { upnp: false, homeNat: 'eim', awayNat: 'eim' }, (lab, relay) => ({
      stun: [lab.turn.stunUrl],
      relays: [{ url: relay.url, fingerprint: relay.spkiSha256 }],
    }));
    const status = await waitFor(s.status, (st) => st.publicAddress !== undefined && st.portMapping.state === 'failed', 30_000, { what: 'the public address and the refused mapping' });
    expect(status.publicAddress).toBe(s.lab.addr.publicHome);
    expect(status.portMapping.detail).toMatch(/UPnP/);
    expect(status.routes.map((r) => r.via)).toEqual(['direct', 'relay']);
    const { page } = await browserIn(s, s.lab.ns.away, 'profile-b');
    await pairAndWatch(s, page);
    const path = await pathOf(page);
    expect(path.route).toBe('direct');
    expect(path.pair).toMatch(new RegExp(`^(srflx|prflx|host) [\\d.]+:\\d+ → (srflx|prflx) ${s.lab.addr.publicHome.replace(/\./g, '\\.')}:\\d+$`));

    // (g) The viewer's network changes mid-stream (Wi-Fi to tethering): the tile recovers by itself,
    // through an ICE restart of the same session (same DTLS, no new session on the streamer).
    const sessionsBefore = await s.home.invoke<{ id: string }[]>('vigil', 'sessions');
    expect(sessionsBefore).toHaveLength(1);
    const before = await s.lab.moveAway();
    const frames = Number(await tile(page, 0).getAttribute('data-frames-decoded'));
    await waitFor(
      async () => ({ frames: Number(await tile(page, 0).getAttribute('data-frames-decoded')), pair: (await tile(page, 0).getAttribute('data-pair')) ?? '', phase: await tile(page, 0).getAttribute('data-phase') }),
      (t) => t.phase === 'live' && t.pair.includes(before.address) === false && t.pair !== '' && (t.frames > frames + 30 || t.frames < frames),
      60_000,
      { what: `the tile live again after the viewer moved to ${before.address}`, every: 500 },
    );
    await expectLive(page, 0, 30_000);
    expect((await s.home.invoke<{ id: string }[]>('vigil', 'sessions')).map((x) => x.id)).toEqual(sessionsBefore.map((x) => x.id));
  });

  it('(c) both NATs symmetric: through TURN, with a credential the streamer minted', async () => {
    const s = await scene('c', { upnp: false, homeNat: 'symmetric', awayNat: 'symmetric' }, (lab, relay) => ({
      stun: [lab.turn.stunUrl],
      turn: [{ urls: lab.turn.urls, secret: lab.turn.secret, ttlSeconds: 600 }],
      relays: [{ url: relay.url, fingerprint: relay.spkiSha256 }],
    }));
    const { page } = await browserIn(s, s.lab.ns.away, 'profile-c');
    await pairAndWatch(s, page);
    const path = await pathOf(page);
    expect(path.route).toBe('relayed');
    // coturn's relay on either side: the viewer's allocation or the engine's (both NATs symmetric, either works).
    const coturnRelay = `relay ${s.lab.addr.internet.replace(/\./g, '\\.')}:\\d+`;
    expect(path.pair).toMatch(new RegExp(`^${coturnRelay} → |→ ${coturnRelay}$`));
    // The picture goes on well past the first seconds, when Chromium binds a TURN channel and pings
    // every other pair through its allocation (once a reason for coturn to end it: tests/README.md).
    const frames = await framesOf(page, 0);
    await waitFor(() => framesOf(page, 0), (n) => n > frames + 150, 30_000, { what: 'the relayed picture to keep going' });
    expect((await pathOf(page)).route).toBe('relayed');
    await page.screenshot({ path: join(SHOTS, 'remote-tile-relayed.png') });
    // The Remote access screen's TURN card: the engine's own test allocation worked.
    const turn = (await waitFor(s.status, (st) => st.turn.state !== 'working', 15_000, { what: 'the engine’s TURN check' })).turn;
    expect(turn.state, turn.detail).toBe('ok');
    expect(turn.detail).toContain(`(${s.lab.addr.internet}:`);
  });

  it('(d) a home behind CGNAT: no mapping possible, the relay carries signalling, TURN the media, and Remote access says CGNAT', async () => {
    const s = await scene('d', { upnp: true, cgnat: true, homeNat: 'eim', awayNat: 'symmetric' }, (lab, relay) => ({
      stun: [lab.turn.stunUrl],
      turn: [{ urls: lab.turn.urls, secret: lab.turn.secret, ttlSeconds: 600 }],
      relays: [{ url: relay.url, fingerprint: relay.spkiSha256 }],
    }));
    const status = await waitFor(s.status, (st) => st.cgnat, 30_000, { what: 'the engine to see the carrier NAT' });
    expect(status.publicAddress).toBe(s.lab.addr.publicHome);
    expect(status.routerAddress).toBeUndefined(); // the router will not say: its own WAN address is reserved
    expect(status.portMapping.detail).toMatch(/CGNAT/);
    expect(status.routes.map((r) => r.via)).toEqual(['direct', 'relay']); // no public route
    const test = await s.home.invoke<NonNullable<RemoteStatus['lastTest']>>('vigil', 'testFromOutside');
    expect(test.reachable).toBe(false);
    expect(test.reasons.join(' ')).toMatch(/CGNAT/);

    // The Remote access screen, on the streamer machine itself.
    const ui = await browserIn(s, s.lab.ns.home, 'profile-d-ui');
    await ui.page.goto(`${s.engine.apiUrl}/#token=${s.engine.adminToken}`);
    await ui.page.getByRole('button', { name: 'Remote access' }).click();
    await waitFor(() => ui.page.textContent('body'), (t) => !!t && /CGNAT/.test(t), 20_000, { what: 'the Remote access screen to say CGNAT' });
    await ui.page.screenshot({ path: join(SHOTS, 'remote-lab-cgnat.png'), fullPage: true });

    // The viewer is behind a symmetric NAT as well: no hole punching, media goes through TURN.
    const { page } = await browserIn(s, s.lab.ns.away, 'profile-d');
    await pairAndWatch(s, page);
    const path = await pathOf(page);
    expect(path.route).toBe('relayed');
    expect(path.pair).toContain(`${s.lab.addr.internet}:`);
  });
});
