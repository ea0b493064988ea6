// Adding an ONVIF camera through the streamer UI's wizard, in Chromium against the real engine:
// the engine probes (WS-Discovery, unicast on loopback) for the local ONVIF test device, which
// answers the device and media calls and checks WS-UsernameToken digests; its stream URIs point
// at two real GStreamer RTSP servers (main stream and substream, with a password). No camera
// found, a malformed and an unreachable address, and wrong credentials are answered in the form;
// the right ones lead to the profiles, and the camera goes live. Every step is photographed.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesResult } from '@vigil/shared/onvif';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { startOnvifDevice, type OnvifDevice, type TestProfile } from '../helpers/onvif-device.ts';
import { freePort } from '../helpers/ports.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const USER = 'admin';
const PASSWORD = 'correct horse';

describe('streamer UI: adding an ONVIF camera', () => {
  let tmp: string;
  let main: RtspServer;
  let sub: RtspServer;
  let porch: OnvifDevice | undefined;
  let garage: OnvifDevice | undefined;
  let probePorts: [number, number];
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-wizard-onvif-${name}.png`) });
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
  const api = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(engine.info.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-onvif-'));
    await mkdir(SHOTS, { recursive: true });
    [main, sub] = await Promise.all([
      startRtspServer({ user: USER, password: PASSWORD, width: 640, height: 360, fps: 15, mount: '/main' }),
      startRtspServer({ user: USER, password: PASSWORD, width: 320, height: 180, fps: 10, mount: '/sub' }),
    ]);
    probePorts = [await freePort(), await freePort()];
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: join(tmp, 'dist'),
      // No multicast from this machine's interfaces: the devices are probed on loopback only.
      onvif: { interfaces: [], probeTargets: probePorts.map((p) => `127.0.0.1:${p}`), requestTimeoutMs: 3000 },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && !message.text().includes('status of 404') && pageErrors.push(message.text()));
    page.on('response', (res) => {
      const closing = res.request().method() === 'DELETE' && res.url().includes('/api/sessions/');
      if (res.status() >= 400 && !closing) pageErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await Promise.all([porch?.stop(), garage?.stop(), main?.stop(), sub?.stop()]);
    await rm(tmp, { recursive: true, force: true });
  });

  it('says so when no camera answers, with what to do', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByText('No cameras yet').waitFor();
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-onvif').waitFor();
    await shot('kind');
    await page.getByTestId('kind-onvif').click();
    await page.getByTestId('onvif-searching').waitFor();
    await page.locator('[data-testid=onvif-find][data-search=done]').waitFor({ timeout: 15_000 });
    expect(await text('onvif-none')).toMatch(/No camera answered.*ONVIF switched off/s);
    expect(await page.getByTestId('onvif-device').count()).toBe(0);
    await shot('none');
  });

  it('answers a malformed and an unreachable camera address in the form', async () => {
    await page.locator('#field-onvif-address').fill('http//192.168.1.30 cam');
    await page.getByTestId('onvif-address-go').click();
    expect(await text('error-onvif-address')).toMatch(/^The address must be an IP address or host name/);
    await shot('bad-address');

    await page.locator('#field-onvif-address').fill(`127.0.0.1:${await freePort()}`);
    await page.getByTestId('onvif-address-go').click();
    await page.locator('#field-onvif-user').fill(USER);
    await page.locator('#field-onvif-password').fill(PASSWORD);
    await page.getByTestId('onvif-sign-in-go').click();
    expect(await waitFor(() => text('error-address'), (t) => t !== '', 15_000)).toMatch(/Nothing answers at this address/);
    await shot('unreachable');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('onvif-find').waitFor();
  });

  it('finds the cameras on the network, by name, model and address', async () => {
    const profiles: TestProfile[] = [
      { token: 'hevc', name: '4K stream', encoding: 'H265', width: 3840, height: 2160, fps: 25, bitrateKbps: 8000, uri: main.url().replace('/main', '/hevc') },
      { token: 'main', name: 'MainStream', encoding: 'H264', width: 640, height: 360, fps: 15, bitrateKbps: 800, uri: main.url() },
      { token: 'sub', name: 'SubStream', encoding: 'H264', width: 320, height: 180, fps: 10, bitrateKbps: 300, uri: sub.url() },
    ];
    porch = await startOnvifDevice({ user: USER, password: PASSWORD, name: 'Porch camera', model: 'VT-2000', profiles, probePort: probePorts[0] });
    garage = await startOnvifDevice({ user: USER, password: 'another', name: 'Garage', model: 'VT-100', profiles: profiles.slice(2), probePort: probePorts[1] });
    await page.getByTestId('onvif-search').click();
    await waitFor(() => page.getByTestId('onvif-device').count(), (n) => n === 2, 15_000);
    const rows = await page.getByTestId('onvif-device').allTextContents();
    expect(rows[0]).toMatch(new RegExp(`^Garage.*VT-100.*${garage.host}`));
    expect(rows[1]).toMatch(new RegExp(`^Porch camera.*VT-2000.*${porch.host}`));
    await shot('found');
  });

  it('refuses wrong credentials with the camera’s answer next to the password', async () => {
    await page.locator(`[data-testid=onvif-device][data-host="${porch!.host}"]`).click();
    await page.getByTestId('onvif-sign-in').waitFor();
    await page.locator('#field-onvif-user').fill(USER);
    await page.locator('#field-onvif-password').fill('wrong password');
    await page.getByTestId('onvif-sign-in-go').click();
    expect(await waitFor(() => page.getByTestId('error-onvif-password').count().then((n) => (n ? text('error-onvif-password') : '')), (t) => t !== '', 15_000)).toMatch(
      /^The camera refused the credentials/,
    );
    expect(porch!.calls).toContainEqual({ action: 'GetDeviceInformation', auth: 'refused' });
    await shot('wrong-password');
  });

  it('reads the profiles with the right password: highest H.264 as main, the smaller one as substream', async () => {
    await page.setViewportSize({ width: 1280, height: 1040 }); // the whole step in the shot
    await page.locator('#field-onvif-password').fill(PASSWORD);
    await page.getByTestId('onvif-sign-in-go').click();
    await page.getByTestId('onvif-streams').waitFor({ timeout: 15_000 });
    expect(await page.locator('#field-onvif-main').inputValue()).toBe('main');
    expect(await page.locator('#field-onvif-sub').inputValue()).toBe('sub');
    expect(await page.locator('#field-name').inputValue()).toBe('Porch camera');
    expect(await page.locator('[data-testid=onvif-profile][data-token=hevc]').textContent()).toMatch(/3840 × 2160 · H\.265.*plays only in browsers that decode HEVC/);
    // A picture from the main stream before adding: the RTSP side works with these credentials.
    await page
      .locator('[data-testid=stream-picture][data-state=ok]')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: Error) => {
        // Which side failed: the wizard's words, and what ffprobe makes of the same stream now.
        const shown = await page.getByTestId('stream-picture').textContent().catch(() => '(none)');
        const probe = spawnSync('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-show_entries', 'stream=codec_name', '-of', 'csv', main.url({ user: USER, password: PASSWORD })], { encoding: 'utf8', timeout: 10_000 });
        throw new Error(`${error.message}\nthe wizard shows: ${shown}\nffprobe of the camera now: ${probe.stdout?.trim() || '(nothing)'} ${probe.stderr?.trim() ?? ''} (exit ${probe.status ?? probe.signal})`);
      });
    expect(await page.getByTestId('stream-picture').locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await shot('streams');
    await page.setViewportSize({ width: 760, height: 1200 });
    await shot('streams-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('adds the camera, which goes live from the real RTSP stream', async () => {
    await page.getByTestId('onvif-add').click();
    const connect = page.getByTestId('connect-step');
    await page.getByTestId('connect-ok').waitFor({ timeout: 30_000 });
    const decoded = await waitFor(() => connect.getByTestId('preview').first().getAttribute('data-frames-decoded').then(Number), (n) => n > 10, 30_000);
    expect(decoded).toBeGreaterThan(10);
    await shot('live');

    // The saved URLs are the ones the engine's profiles route gives, credentials inserted.
    const profiles = await api<ProfilesResult>('POST', '/api/onvif/profiles', { address: porch!.xaddr, user: USER, password: PASSWORD });
    if (!profiles.ok) throw new Error(profiles.message);
    const saved = JSON.parse(await readFile(join(tmp, 'engine', 'config.json'), 'utf8')) as { cameras: { id: string; source: { url: string; substreamUrl?: string } }[] };
    const camera = saved.cameras.find((c) => c.id === 'porch-camera');
    expect(camera?.source.url).toBe(profiles.profiles.find((p) => p.token === 'main')?.configUrl);
    expect(camera?.source.substreamUrl).toBe(profiles.profiles.find((p) => p.token === 'sub')?.configUrl);
    expect(camera?.source.url).toBe(main.url({ user: USER, password: encodeURIComponent(PASSWORD) }));

    await page.getByTestId('wizard-done').click();
    const card = page.locator('[data-testid=camera-card][data-camera=porch-camera]');
    await waitFor(() => card.getAttribute('data-state'), (s) => s === 'live', 20_000);
    await waitFor(() => card.getByTestId('preview').first().getAttribute('data-frames-decoded').then(Number), (n) => n > 5, 30_000);
  });

  it('marks a camera that is already added when searching again', async () => {
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-onvif').click();
    await page.getByTestId('onvif-search').click();
    await waitFor(() => page.getByTestId('onvif-device').count(), (n) => n === 2, 15_000);
    // Both test devices live on 127.0.0.1, as the RTSP server does: both count as added.
    expect(await page.getByTestId('onvif-find').getByText('Already added').count()).toBe(2);
  });

  it('shows, on the picture, a camera whose video password is not its ONVIF one', async () => {
    // The garage answers ONVIF with its own password, but its stream wants the RTSP server's.
    await page.locator(`[data-testid=onvif-device][data-host="${garage!.host}"]`).click();
    await page.locator('#field-onvif-user').fill(USER);
    await page.locator('#field-onvif-password').fill('another');
    await page.getByTestId('onvif-sign-in-go').click();
    await page.getByTestId('onvif-streams').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=stream-picture][data-state=failed]').waitFor({ timeout: 20_000 });
    expect(await text('stream-picture-problem')).toMatch(/refused these credentials for its video stream/);
    await shot('rtsp-password');
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
