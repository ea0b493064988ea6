// The default deployment, end to end: the bundled signalling server on a non-loopback address
// (so wss:// with the self-signed certificate made on first run), the viewer UI served by the
// engine over that TLS port, Chromium trusting exactly the key whose pin travels in the pairing
// code; a server holding another key refused in words; the same through a standalone
// `vigil-signal` relay that the streamer registers with (`signaling.mode: remote`).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { startSignalProcess, type SignalProcess } from '../helpers/signal-process.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { expectLive, framesOf, launchPinned, messageOf, openPage, pasteUri, showCamera } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildViewer, serveStatic } from '../viewer/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const pattern = (id: string, name: string) => ({ id, name, source: { kind: 'test-pattern' as const, width: 320, height: 180, fps: 10 } });

describe('wss:// with the pinned self-signed key, on a non-loopback address', () => {
  let net: TestInterface;
  let tmp: string;
  let dist: string;
  let engine: Engine;
  let relay: SignalProcess;
  const browsers: Browser[] = [];
  const engines: Engine[] = [];
  const closers: (() => Promise<void>)[] = [];

  const offer = async (e: Engine) => {
    const res = await fetch(`${e.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${e.info.adminToken}` } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { uri: string }).uri;
  };
  const pinned = async (keys: string[]) => {
    const browser = await launchPinned(keys);
    browsers.push(browser);
    return browser;
  };

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-tls-pinned-'));
    await mkdir(SHOTS, { recursive: true });
    dist = join(tmp, 'viewer');
    await buildViewer(dist);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      // The default: every interface, TLS on, the LAN address advertised in the code.
      signalingHost: '0.0.0.0',
      viewerDist: dist,
      defaults: { name: 'Home', cameras: [pattern('door', 'Front door')] },
    });
    engines.push(engine);
    relay = await startSignalProcess(net.address, join(tmp, 'relay-tls'));
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    for (const close of closers) await close();
    for (const e of engines.reverse()) await e.stop();
    await relay?.stop();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('serves wss:// with a pinned self-signed key on the LAN address', async () => {
    const advertised = new URL(engine.info.signalingUrl);
    expect(advertised.protocol).toBe('wss:');
    expect(advertised.hostname).not.toMatch(/^(127\.|localhost$|0\.0\.0\.0$)/);
    expect(engine.info.viewerUrl).toMatch(/^https:\/\//);
    const uri = await offer(engine);
    // The short form: no scheme (wss is the default), the key's pin in fp.
    expect(uri).toContain(`u=${engine.info.signalingUrl.slice('wss://'.length)}&`);
    expect(uri).toContain(`fp=${engine.info.fingerprint!.pin}`);
    // Chromium trusting nothing refuses the page: the certificate really is self-signed.
    const untrusting = await pinned([]);
    const page = await untrusting.newPage();
    await expect(page.goto(engine.info.viewerUrl!)).rejects.toThrow(/ERR_CERT/);
  });

  it('an engine bound to one LAN address reaches its own signalling server there', async () => {
    const bound = await startEngine({ dataDir: join(tmp, 'bound'), apiPort: 0, signalingPort: 0, signalingHost: net.address, viewerDist: dist });
    engines.push(bound);
    expect(bound.info.signalingUrl).toMatch(/^wss:\/\//);
    expect(new URL(bound.info.signalingUrl).hostname).toBe(net.address);
    await waitFor(() => bound.client.state, (s) => s === 'registered', 20_000, { what: 'the engine registered with its own server' });
  });

  it('pairs over wss:// trusting exactly the pinned key and shows live video', async () => {
    const browser = await pinned([engine.info.fingerprint!.spkiSha256]);
    const { page, errors } = await openPage(browser, engine.info.viewerUrl!);
    expect(await pasteUri(page, await offer(engine))).toContain('Added “Home”');
    await showCamera(page, 'door');
    await expectLive(page);
    const sessions = (await (await fetch(`${engine.info.apiUrl}/api/sessions`, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { cameraId: string }[];
    expect(sessions.map((s) => s.cameraId)).toContain('door');
    expect(errors).toEqual([]);
  });

  it('refuses a server that holds another key, saying so in words', async () => {
    const browser = await pinned([engine.info.fingerprint!.spkiSha256]);
    const { page, errors } = await openPage(browser, engine.info.viewerUrl!);
    // The streamer's code, but its address answered by a server with a key of its own.
    const impostor = (await offer(engine)).replace(/u=[^&]+/, `u=${relay.url.slice('wss://'.length)}`);
    const outcome = await pasteUri(page, impostor);
    expect(outcome).toContain(`secure connection to the signalling server at ${relay.url.slice('wss://'.length)}`);
    expect(outcome).toMatch(/does not hold the certificate key this pairing code names/);
    await page.screenshot({ path: join(SHOTS, 'viewer-tls-wrong-key.png') });
    expect(await page.getByTestId('add-outcome').getAttribute('class')).toContain('error');
    expect(errors).toEqual([]);
  });

  it('a paired viewer whose server comes back with another key is refused, and the tile says why', async () => {
    // The viewer UI from elsewhere (the streamer's own origin would now fail to load at all).
    const site = await serveStatic(dist);
    closers.push(() => site.close());
    const browser = await pinned([engine.info.fingerprint!.spkiSha256]);
    const { page, errors } = await openPage(browser, site.url);
    expect(await pasteUri(page, await offer(engine))).toContain('Added “Home”');
    await showCamera(page, 'door');
    await expectLive(page);
    // The same streamer (identity, paired viewers, port) restarted with a new TLS key: what a
    // reinstalled machine, or another machine taking its address, looks like to the viewer.
    const port = Number(new URL(engine.info.signalingUrl).port);
    await engine.stop();
    engines.splice(engines.indexOf(engine), 1);
    await rm(join(tmp, 'engine', 'tls'), { recursive: true, force: true });
    const again = await startEngine({ dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: port, signalingHost: '0.0.0.0', viewerDist: dist });
    engines.push(again);
    expect(again.info.fingerprint!.spkiSha256).not.toBe(engine.info.fingerprint!.spkiSha256);
    await page.reload();
    const said = await waitFor(() => messageOf(page, 0), (t) => /certificate key/.test(t), 40_000, { what: 'the tile to name the key' });
    expect(said).toContain(`secure connection to the signalling server at ${new URL(again.info.signalingUrl).host}`);
    expect(said).toContain('does not hold the certificate key this streamer was paired with');
    // The side list does not keep calling the camera live while its streamer cannot be reached
    // ('…': the signalling server is not reached, so the streamer's presence is unknown).
    await waitFor(() => page.locator('[data-testid=camera-item] .mini-state').first().textContent(), (t) => t === '…' || t === 'offline', 10_000, { what: 'the side list to stop saying live' });
    await page.screenshot({ path: join(SHOTS, 'viewer-tls-key-changed.png') });
    expect(await framesOf(page, 0)).toBe(0);
    expect(errors).toEqual([]);
  });

  describe('through a standalone vigil-signal', () => {
    let remote: Engine;

    beforeAll(async () => {
      remote = await startEngine({
        dataDir: join(tmp, 'remote'),
        apiPort: 0,
        defaults: { name: 'Shop', cameras: [pattern('till', 'Till')], signaling: { mode: 'remote', url: relay.url, fingerprint: relay.spkiSha256 } },
      });
      engines.push(remote);
    });

    it('registers the streamer with the relay, pins its key in the code, and shows live video', async () => {
      await waitFor(() => remote.client.state, (s) => s === 'registered', 20_000, { what: 'the streamer registered with vigil-signal' });
      const uri = await offer(remote);
      expect(uri).toContain(`u=${relay.url.slice('wss://'.length)}&`);
      expect(uri).toContain(`fp=${relay.pin}`);
      const site = await serveStatic(dist);
      try {
        const browser = await pinned([relay.spkiSha256]);
        const { page, errors } = await openPage(browser, site.url);
        expect(await pasteUri(page, uri)).toContain('Added “Shop”');
        await showCamera(page, 'till');
        await expectLive(page);
        expect(errors).toEqual([]);
      } finally {
        await site.close();
      }
    });

    it('refuses the relay for a viewer that trusts only another key', async () => {
      const site = await serveStatic(dist);
      try {
        const browser = await pinned([engine.info.fingerprint!.spkiSha256]);
        const { page, errors } = await openPage(browser, site.url);
        expect(await pasteUri(page, await offer(remote))).toMatch(/does not hold the certificate key this pairing code names/);
        expect(errors).toEqual([]);
      } finally {
        await site.close();
      }
    });

    it('a streamer pinned to another key never registers with the relay, and its log says why', async () => {
      const wrong = await startEngine({
        dataDir: join(tmp, 'wrong-pin'),
        apiPort: 0,
        defaults: { name: 'Wrong', signaling: { mode: 'remote', url: relay.url, fingerprint: engine.info.fingerprint!.spkiSha256 } },
      });
      engines.push(wrong);
      const logs = async () => {
        const res = await fetch(`${wrong.info.apiUrl}/api/system/logs?level=warn`, { headers: { authorization: `Bearer ${wrong.info.adminToken}` } });
        return ((await res.json()) as { message: string }[]).map((l) => l.message).join('\n');
      };
      const log = await waitFor(logs, (text) => text.includes('does not match the pinned fingerprint'), 20_000, { what: 'the pin mismatch in the engine log' });
      expect(log).toContain('signalling: TLS key of');
      expect(wrong.client.state).not.toBe('registered');
    });
  });
});
