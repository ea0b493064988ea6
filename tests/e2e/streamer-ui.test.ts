// The streamer UI against the real engine: built with Vite, served by the engine on its control
// API, opened in Chromium with the admin link. A person adds an RTSP camera (GStreamer's RTSP
// server, with a password) through the wizard — a malformed address, an unreachable host and a
// wrong password answered in the form, then live — adds and edits a test pattern, pairs a viewer
// (from Node, with the code read off the screen) and revokes it. Every screen is photographed.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingClient } from '@vigil/signaling/node';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, openViewerPage, waitFor } from '../helpers/chromium.ts';
import { connectSignaling, pair, watch } from '../helpers/paired-viewer.ts';
import { freePort } from '../helpers/ports.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildStreamerUi, decodeQr } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const CAMERA_USER = 'admin';
const CAMERA_PASSWORD = 'correct horse';

describe('streamer UI + real engine', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  let client: SignalingClient | undefined;
  const pageErrors: string[] = [];

  const api = async <T,>(method: string, path: string): Promise<T> => {
    const res = await fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-${name}.png`) });
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
  const connectStep = () => page.getByTestId('connect-step');
  const waitReason = (reason: string) => waitFor(() => connectStep().getAttribute('data-reason'), (r) => r === reason, 30_000);
  const frames = (scope = page.locator('body')) => scope.getByTestId('preview').first().getAttribute('data-frames-decoded').then(Number);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-ui-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ user: CAMERA_USER, password: CAMERA_PASSWORD, width: 640, height: 360, fps: 15 });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({ dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', streamerDist: join(tmp, 'dist') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.clock.install(); // runs at real speed until a test fast-forwards it
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A preview whose session the engine already ended (its camera was removed) gets a 404 on
    // close: expected, and the browser logs it as a failed load.
    const benign = (text: string) => text.includes('status of 404');
    page.on('console', (message) => message.type() === 'error' && !benign(message.text()) && pageErrors.push(message.text()));
    page.on('response', (res) => {
      const closing = res.request().method() === 'DELETE' && res.url().includes('/api/sessions/');
      if (res.status() >= 400 && !closing) pageErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    });
  });

  afterAll(async () => {
    client?.stop();
    await browser?.close();
    await engine?.stop();
    await rtsp?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('without a token, says where to find it', async () => {
    await page.goto(`${engine.info.apiUrl}/`);
    await page.getByTestId('token-screen').waitFor();
    expect(await text('token-screen')).toContain('admin-token');
    await shot('token');
  });

  it('says so when the token is refused, and takes a pasted one', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${engine.info.apiUrl}/#token=not-the-token`);
      await other.getByText('This admin token was refused').waitFor();
      await other.getByTestId('token-input').fill(engine.info.adminToken);
      await other.getByRole('button', { name: 'Open' }).click();
      await other.getByText('No cameras yet').waitFor();
    } finally {
      await other.close();
    }
  });

  it('opens with the admin link, keeps the token out of the address bar, and shows where to start', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByText('No cameras yet').waitFor();
    expect(page.url()).not.toContain(engine.info.adminToken);
    expect(page.url()).not.toContain('#');
    await page.reload(); // the token lives on in this tab's sessionStorage
    await page.getByText('No cameras yet').waitFor();
    await waitFor(() => text('engine-status'), (t) => t.includes('Engine connected'), 5000);
    await shot('cameras-empty');
  });

  it('answers a malformed camera address in the form, before anything is sent', async () => {
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-rtsp').waitFor();
    await shot('wizard-kind');
    await page.getByTestId('kind-rtsp').click();
    await page.locator('#field-name').fill('Front door');
    // What people paste instead of a stream address: a web page, a bad port, a broken substream.
    for (const [field, url, answer] of [
      ['url', 'http://192.168.1.20/', /is a web page address/],
      ['url', 'rtsp://192.168.1.20:99999/cam', /invalid port "99999"/],
      ['substreamUrl', 'rtsp:// cam/2', /The substream address cannot contain spaces/],
    ] as const) {
      await page.locator('#field-url').fill(field === 'url' ? url : 'rtsp://192.168.1.20/cam');
      await page.locator('#field-substreamUrl').fill(field === 'url' ? '' : url);
      await page.getByTestId('wizard-connect').click();
      expect(await text(`error-${field}`)).toMatch(answer);
    }
    await page.locator('#field-substreamUrl').fill('');
    await page.locator('#field-url').fill('rtsp:/127.0.0.1/cam');
    await page.getByTestId('wizard-connect').click();
    expect(await text('error-url')).toMatch(/must start with rtsp:\/\//);
    expect(await api<unknown[]>('GET', '/api/cameras')).toEqual([]);
    await shot('wizard-bad-url');
  });

  it('shows an unreachable host as such, with what to do', async () => {
    await page.locator('#field-url').fill(`rtsp://127.0.0.1:${await freePort()}/cam`);
    await page.getByTestId('wizard-connect').click();
    expect(await waitReason('unreachable')).toBe('unreachable');
    expect(await text('connect-message')).toMatch(/cannot be reached/);
    expect(await connectStep().getByTestId('state-badge').getAttribute('data-state')).toBe('reconnecting');
    await shot('wizard-unreachable');
  });

  it('refuses wrong camera credentials with the camera’s answer next to the password', async () => {
    await page.getByTestId('wizard-fix').click();
    expect(await text('error-url')).toMatch(/cannot be reached/); // the reason, on the field it concerns
    await page.locator('#field-url').fill(rtsp.url());
    await page.locator('#field-user').fill(CAMERA_USER);
    await page.locator('#field-password').fill('wrong password');
    await page.getByTestId('wizard-connect').click();
    expect(await waitReason('auth')).toBe('auth');
    expect(await text('connect-message')).toContain('refused the user name or password');
    await shot('wizard-wrong-password');
    await page.getByTestId('wizard-fix').click();
    expect(await text('error-password')).toContain('refused the user name or password');
    await shot('wizard-fix-password');
  });

  it('says when the camera has no stream at that path, on the address', async () => {
    await page.locator('#field-url').fill(rtsp.url().replace(/\/cam$/, '/stream9'));
    await page.locator('#field-password').fill(CAMERA_PASSWORD);
    await page.getByTestId('wizard-connect').click();
    expect(await waitReason('not-found')).toBe('not-found');
    expect(await text('connect-problem')).toMatch(/no stream at this path/);
    await shot('wizard-not-found');
    await page.getByTestId('wizard-fix').click();
    expect(await text('error-url')).toMatch(/not found/);
    await page.locator('#field-url').fill(rtsp.url());
  });

  it('connects with the right password and shows the camera live', async () => {
    await page.locator('#field-password').fill(CAMERA_PASSWORD);
    await page.getByTestId('wizard-connect').click();
    await page.getByTestId('connect-ok').waitFor({ timeout: 30_000 });
    const decoded = await waitFor(() => frames(connectStep()), (n) => n > 10, 30_000);
    expect(decoded).toBeGreaterThan(10);
    await shot('wizard-live');
    const [camera] = await api<{ config: { id: string; source: { url: string } }; state: { state: string } }[]>('GET', '/api/cameras');
    expect(camera).toMatchObject({ config: { id: 'front-door', source: { url: expect.stringContaining('***@127.0.0.1') } }, state: { state: 'live' } });

    await page.getByTestId('wizard-done').click();
    const card = page.locator('[data-testid=camera-card][data-camera=front-door]');
    await waitFor(() => frames(card), (n) => n > 5, 30_000);
    expect(await card.getAttribute('data-state')).toBe('live');
    await waitFor(() => card.getByTestId('camera-figures').textContent(), (t) => !!t && /\d+ fps/.test(t), 10_000);
    const sessions = await api<{ cameraId: string; viewer: string }[]>('GET', '/api/sessions');
    expect(sessions).toContainEqual(expect.objectContaining({ cameraId: 'front-door', viewer: 'streamer UI' }));
  });

  it('adds a test pattern, edits it, and removes it after asking', async () => {
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-usb').click(); // this machine has no USB camera: the form says so
    await waitFor(() => page.locator('.field-hint').allTextContents(), (t) => t.some((x) => x.includes('No USB camera')), 10_000);
    await shot('wizard-usb');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('kind-test-pattern').click();
    await page.locator('#field-name').fill('Garage test');
    await page.getByTestId('wizard-connect').click();
    await page.getByTestId('connect-ok').waitFor({ timeout: 30_000 });
    await page.getByTestId('wizard-done').click();
    const card = page.locator('[data-testid=camera-card][data-camera=garage-test]');
    await waitFor(() => frames(card), (n) => n > 5, 30_000);
    await waitFor(() => frames(page.locator('[data-testid=camera-card][data-camera=front-door]')), (n) => n > 5, 30_000);
    await shot('cameras');

    await card.getByTestId('edit-camera').click();
    await page.getByTestId('camera-editor').waitFor();
    await page.locator('#field-name').fill('');
    await page.getByTestId('save-camera').click();
    expect(await text('error-name')).toMatch(/name/);
    await page.locator('#field-name').fill('Garage');
    await shot('edit-camera');
    await page.getByTestId('save-camera').click();
    await waitFor(() => card.locator('h2').textContent(), (t) => t === 'Garage', 5000);

    await card.getByTestId('remove-camera').click();
    await shot('remove-confirm');
    await card.getByTestId('remove-camera-confirm').click();
    await waitFor(() => card.count(), (n) => n === 0, 5000);
    expect((await api<{ config: { id: string } }[]>('GET', '/api/cameras')).map((c) => c.config.id)).toEqual(['front-door']);
  });

  it('edits the RTSP camera without retyping its saved password', async () => {
    const card = page.locator('[data-testid=camera-card][data-camera=front-door]');
    await card.getByTestId('edit-camera').click();
    await page.getByTestId('camera-editor').waitFor();
    expect(await page.locator('#field-url').inputValue()).toBe(rtsp.url()); // no credentials shown
    expect(await page.locator('#field-password').getAttribute('placeholder')).toBe('(unchanged)');
    await page.locator('#field-name').fill('Front door cam');
    await shot('edit-rtsp');
    await page.getByTestId('save-camera').click();
    await waitFor(() => card.locator('h2').textContent(), (t) => t === 'Front door cam', 5000);
    const saved = JSON.parse(await readFile(join(tmp, 'engine', 'config.json'), 'utf8')) as { cameras: { id: string; source: { url: string } }[] };
    expect(saved.cameras.find((c) => c.id === 'front-door')?.source.url).toBe(rtsp.url({ user: CAMERA_USER, password: encodeURIComponent(CAMERA_PASSWORD) }));
    await waitFor(() => card.getAttribute('data-state'), (s) => s === 'live', 20_000);
    await waitFor(() => frames(card), (n) => n > 0, 20_000);
  });

  it('opens the other screens, and closes previews when the cameras leave the screen', async () => {
    // Each has its own end-to-end test (streamer-motion, streamer-recordings, …): here, only that
    // they open and that leaving the cameras screen closes its previews.
    for (const screen of ['motion', 'recordings']) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.getByTestId(`${screen}-screen`).waitFor();
    }
    const previews = await waitFor(
      async () => (await api<{ viewer: string }[]>('GET', '/api/sessions')).filter((s) => s.viewer === 'streamer UI'),
      (list) => list.length === 0,
      5000,
    );
    expect(previews).toEqual([]);
  });

  it('shows a scannable pairing code whose countdown moves', async () => {
    await page.getByTestId('nav-pairing').click();
    const qr = page.getByTestId('pairing-qr');
    await qr.waitFor();
    const uri = await page.getByTestId('pairing-uri').inputValue();
    expect(uri).toMatch(/^vigil:\/\/pair\?/);
    expect(await decodeQr(page, qr)).toBe(uri);
    const before = await text('pairing-countdown');
    expect(await waitFor(() => text('pairing-countdown'), (now) => now !== before, 10_000, { what: 'the countdown to move' })).not.toBe(before);
    expect(before).toMatch(/^\d+:\d\d$/);
    await shot('pairing');
  });

  it('lists a viewer that pairs, renames it inline, and revokes it after asking', async () => {
    const uri = await page.getByTestId('pairing-uri').inputValue();
    client = await connectSignaling(engine.info.signalingUrl);
    const paired = await pair(client, uri, 'Kitchen tablet');
    expect(paired.refusal).toBeUndefined();
    const row = page.locator(`[data-testid=viewer-row][data-viewer="${paired.cred!.viewerId}"]`);
    await waitFor(() => row.count(), (n) => n === 1, 10_000);
    expect(await row.getByTestId('viewer-name').inputValue()).toBe('Kitchen tablet');
    // The code on screen is used up: a new one replaces it.
    await waitFor(() => page.getByTestId('pairing-uri').inputValue(), (next) => next !== uri, 10_000);

    await row.getByTestId('viewer-name').fill('Kitchen');
    await row.getByTestId('viewer-name').press('Enter');
    await waitFor(async () => (await api<{ name: string }[]>('GET', '/api/viewers'))[0]?.name, (name) => name === 'Kitchen', 5000);

    // The viewer watches a camera: its session is listed under its name, and can be closed.
    const viewerPage = await openViewerPage(browser);
    const { viewer } = await watch(client, viewerPage, paired.cred, 'front-door');
    await waitFor(viewer.stats, (s) => s.framesDecoded > 0, 20_000);
    const session = page.getByTestId('session-row');
    await waitFor(() => session.count(), (n) => n === 1, 10_000);
    expect(await session.textContent()).toMatch(/Front door cam.*Kitchen/);
    await shot('pairing-viewer');
    await session.getByRole('button', { name: 'Close' }).click();
    await waitFor(() => session.count(), (n) => n === 0, 5000);
    expect(await api<unknown[]>('GET', '/api/sessions')).toEqual([]);
    await viewerPage.close();

    await row.getByTestId('revoke-viewer').click();
    await row.getByTestId('revoke-viewer-confirm').click();
    await waitFor(() => row.count(), (n) => n === 0, 5000);
    await page.getByTestId('no-viewers').waitFor();
    expect(await api<unknown[]>('GET', '/api/viewers')).toEqual([]);
    await shot('pairing-revoked');
  });

  it('replaces the code on screen with a fresh one when it expires', async () => {
    const qr = page.getByTestId('pairing-qr');
    const uri = await page.getByTestId('pairing-uri').inputValue();
    const before = await text('pairing-countdown');
    const [minutes, seconds] = before.split(':').map(Number) as [number, number];
    await page.clock.fastForward((minutes * 60 + seconds + 2) * 1000);
    await waitFor(() => page.getByTestId('pairing-uri').inputValue(), (next) => next !== uri, 10_000);
    expect(await page.getByTestId('pairing-uri').inputValue()).not.toBe(uri);
    expect(await decodeQr(page, qr)).toBe(await page.getByTestId('pairing-uri').inputValue());
  });

  /** Nothing scrolls sideways and `element` lies wholly inside the window's width. */
  async function expectFits(element: Locator): Promise<void> {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const box = (await element.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(innerWidth);
  }

  it('fits a narrow window', async () => {
    await page.setViewportSize({ width: 760, height: 900 });
    await page.getByTestId('nav-cameras').click();
    const card = page.locator('[data-testid=camera-card][data-camera=front-door]');
    await waitFor(() => frames(card), (n) => n > 0, 30_000);
    await expectFits(card);
    await shot('cameras-narrow');
    await page.getByTestId('nav-pairing').click();
    await page.getByTestId('pairing-qr').waitFor();
    await expectFits(page.getByTestId('pairing-qr'));
    await shot('pairing-narrow');
  });

  it('connects only the previews on screen', async () => {
    const pattern = { kind: 'test-pattern', width: 320, height: 180, fps: 5 };
    const unreachable = { kind: 'rtsp', url: `rtsp://127.0.0.1:${await freePort()}/gate` };
    for (const [id, name, source] of [['porch', 'Porch', pattern], ['shed', 'Shed', pattern], ['gate', 'Gate', unreachable]] as const) {
      const res = await fetch(`${engine.info.apiUrl}/api/cameras`, {
        method: 'POST',
        headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, name, source }),
      });
      expect(res.status).toBe(201);
    }
    const card = (id: string) => page.locator(`[data-testid=camera-card][data-camera=${id}]`);
    await page.setViewportSize({ width: 1280, height: 1080 }); // two rows of cards in the shot
    await page.getByTestId('nav-cameras').click();
    await waitFor(() => card('gate').getByTestId('camera-problem').count(), (n) => n === 1, 20_000);
    expect(await card('gate').getByTestId('camera-problem').textContent()).toMatch(/cannot be reached/);
    for (const id of ['porch', 'shed']) await waitFor(() => frames(card(id)), (n) => n > 0, 30_000);
    await shot('cameras-problem');

    await page.setViewportSize({ width: 760, height: 560 }); // two cards a row: the third is below the fold
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 0));
    await waitFor(() => frames(card('porch')), (n) => n > 0, 30_000);
    const previewed = async () => (await api<{ cameraId: string; viewer: string }[]>('GET', '/api/sessions')).filter((s) => s.viewer === 'streamer UI').map((s) => s.cameraId).sort();
    expect(await waitFor(previewed, (ids) => ids.join() === 'front-door,porch', 10_000)).toEqual(['front-door', 'porch']);
    await waitFor(() => card('shed').getByTestId('preview').getAttribute('data-preview'), (p) => p === 'off', 10_000);
    await card('shed').scrollIntoViewIfNeeded();
    await waitFor(() => frames(card('shed')), (n) => n > 0, 30_000);
    expect(await waitFor(previewed, (ids) => ids.includes('shed') && !ids.includes('front-door'), 10_000)).toContain('shed');
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
