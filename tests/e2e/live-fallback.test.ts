// The data-channel live path (fMP4 over the session's data channel, played with MediaSource) with
// real parts: a GStreamer RTSP H.264 camera with a moving ball, and an H.265 one (x265enc) → the
// engine (packets copied) → the viewer UI built with Vite. In Chromium with H.264 removed from its offer, as a browser without
// H.264 over WebRTC makes it; then end to end in Debian's Firefox ESR (no OpenH264 plugin, so no
// H.264 over WebRTC) driven over WebDriver BiDi: pair (link, picture), live, motion boxes, H.265,
// layouts, full screen, snapshot, playback and export. A third camera sends a 440 Hz tone: its sound
// rides the same fMP4 stream, and a WebAudio analyser on the tile's <video> hears it once the tile is
// unmuted, silence while muted, in both browsers.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import type { ElementHandle, Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../apps/streamer/src/engine/engine.ts';
import { recordedYard, startLoopbackEngine } from '../helpers/loopback-engine.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { expectLive, launchPinned, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';
import { launchFirefox, openFirefoxPage, pageQueries } from '../helpers/firefox.ts';
import { startPulse, type PulseServer } from '../helpers/pulse.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const VERIFY = fileURLToPath(new URL('../../apps/streamer/bin/vigil-verify.js', import.meta.url));

/**
 * Makes Chromium offer no H.264, as Firefox does before it has its H.264 plugin: the receive
 * capabilities lose H.264, and every video transceiver prefers what is left.
 */
const NO_H264 = () => {
  const capabilities = RTCRtpReceiver.getCapabilities.bind(RTCRtpReceiver);
  RTCRtpReceiver.getCapabilities = (kind: string) => {
    const all = capabilities(kind);
    return all && { ...all, codecs: all.codecs.filter((c) => c.mimeType.toLowerCase() !== 'video/h264') };
  };
  const addTransceiver = RTCPeerConnection.prototype.addTransceiver;
  RTCPeerConnection.prototype.addTransceiver = function (this: RTCPeerConnection, ...args: Parameters<RTCPeerConnection['addTransceiver']>) {
    const transceiver = addTransceiver.apply(this, args);
    if (args[0] === 'video') transceiver.setCodecPreferences(RTCRtpReceiver.getCapabilities('video')!.codecs);
    return transceiver;
  };
};

let tmp: string;
let rtsp: RtspServer;
let hevc: RtspServer;
let gate: RtspServer;
let engine: Engine;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-live-fallback-'));
  await mkdir(SHOTS, { recursive: true });
  // The UI builds first: Vite in this process would starve the engine's motion pipeline.
  await buildViewer(join(tmp, 'dist'));
  await buildStreamerUi(join(tmp, 'streamer-dist'));
  site = await serveStatic(join(tmp, 'dist'));
  [rtsp, hevc, gate] = await Promise.all([
    startRtspServer({ scene: 'ball', width: 640, height: 360, fps: 15, keyint: 15 }),
    startRtspServer({ codec: 'h265', scene: 'ball', width: 640, height: 360, fps: 15, keyint: 15 }),
    startRtspServer({ audio: 'aac', tone: TONE_HZ, width: 320, height: 180, fps: 10, keyint: 10 }),
  ]);
  engine = await startLoopbackEngine(join(tmp, 'engine'), {
    name: 'Home',
    cameras: [
      recordedYard(rtsp.url()),
      { id: 'porch', name: 'Porch (H.265)', source: { kind: 'rtsp', url: hevc.url(), transport: 'tcp' }, recording: { mode: 'continuous', segmentSeconds: 4 } },
      { id: 'gate', name: 'Gate (sound)', source: { kind: 'rtsp', url: gate.url(), transport: 'tcp' } },
    ],
  }, { streamerDist: join(tmp, 'streamer-dist') });
}, 120_000);

afterAll(async () => {
  await site?.close();
  await engine?.stop();
  await Promise.all([rtsp?.stop(), hevc?.stop(), gate?.stop()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const TONE_HZ = 440;
/** The tile that shows the camera with sound. */
const SOUND_SLOT = 2;

/** What the page hears: the loudest frequency and its level (dBFS; -1000 for digital silence). */
interface Heard {
  hz: number;
  db: number;
}

/**
 * In the page: what the tile's <video> plays, through a WebAudio analyser on the element itself
 * (made on the first call; from then on the element is heard only through it).
 */
const hearTile = async (slot: number): Promise<Heard> => {
  type Tap = { context: AudioContext; analyser: AnalyserNode };
  const w = window as unknown as { tileTaps?: Record<number, Tap> };
  let tap = w.tileTaps?.[slot];
  if (!tap) {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid=tile][data-slot="${slot}"] video`)!;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    // No smoothing: each reading is the last 8192 samples (170 ms), so silence shows once it plays.
    // The default (0.8) is applied per reading, not per second: a tone fades 1.9 dB a reading, and
    // a loaded CI polling slowly still read it 10 s after the mute (Firefox, -87 dB).
    analyser.smoothingTimeConstant = 0;
    context.createMediaElementSource(video).connect(analyser).connect(context.destination);
    tap = { context, analyser };
    (w.tileTaps ??= {})[slot] = tap;
  }
  await tap.context.resume();
  const bins = new Float32Array(tap.analyser.frequencyBinCount);
  tap.analyser.getFloatFrequencyData(bins);
  let best = 0;
  for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
  return { hz: (best * tap.context.sampleRate) / tap.analyser.fftSize, db: Number.isFinite(bins[best]) ? bins[best]! : -1000 };
};
const hearsTone = (h: Heard) => Math.abs(h.hz - TONE_HZ) < 15 && h.db > -70;
const silent = (h: Heard) => h.db < -100;

/** The video codecs this browser offers to receive over WebRTC: the offer of a bare recvonly transceiver. */
const offeredVideo = async () => {
  const pc = new RTCPeerConnection();
  pc.addTransceiver('video', { direction: 'recvonly' });
  const sdp = (await pc.createOffer()).sdp ?? '';
  pc.close();
  return { sdp, agent: navigator.userAgent };
};

describe('live view through the data channel (Chromium without H.264 in its offer)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchPinned([]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(NO_H264);
    await page.goto(site.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('offers no H.264 once patched (the situation under test)', async () => {
    const offered = (await page.evaluate(offeredVideo)).sdp;
    expect(offered).toMatch(/a=rtpmap:\d+ VP8\/90000/);
    expect(offered).not.toMatch(/H264/i);
  });

  it('pairs by the pasted link and plays the camera live through MediaSource, motion boxes drawn', async () => {
    const uri = engine.pairing.offers.issue().uri;
    expect(await pasteUri(page, uri)).toContain('Added “Home”');
    await showCamera(page, 'yard');
    await expectLive(page);
    expect(await tile(page, 0).getAttribute('data-live-path')).toBe('mse');
    expect(await tile(page, 0).getAttribute('data-phase')).toBe('live');
    await expect(tile(page, 0).getByTestId('tile-path').textContent()).resolves.toMatch(/No H\.264 over WebRTC in this browser/);
    await waitFor(() => tile(page, 0).locator('.tile-info').textContent(), (t) => !!t?.includes('640×360'), 10_000, { what: 'the picture size in the tile' });
    const size = await tile(page, 0).locator('video').evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight]);
    expect(size).toEqual([640, 360]);
    await waitFor(() => tile(page, 0).getByTestId('motion-box').count(), (n) => n > 0, 30_000, { what: 'motion boxes over the tile' });
    // The player holds the live edge: little is buffered ahead of the playhead.
    const ahead = await tile(page, 0).locator('video').evaluate((v: HTMLVideoElement) => v.buffered.end(v.buffered.length - 1) - v.currentTime);
    expect(ahead).toBeLessThan(1.5);
    await page.screenshot({ path: join(SHOTS, 'live-fallback-chromium.png') });
  });

  it('plays the sound camera through the data channel with its sound: silent while muted, 440 Hz once unmuted', async () => {
    await showCamera(page, 'gate', SOUND_SLOT);
    await expectLive(page, SOUND_SLOT);
    const gateTile = tile(page, SOUND_SLOT);
    expect(await gateTile.getAttribute('data-live-path')).toBe('mse');
    // The engine learns the camera's sound from ffmpeg's listing; the tile's stream then has an Opus track.
    await waitFor(() => gateTile.getAttribute('data-has-audio'), (v) => v === 'true', 30_000, { what: 'the fallback tile to have sound' });
    expect(await gateTile.locator('[data-mime]').getAttribute('data-mime')).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]+,opus"$/);
    expect(await gateTile.getAttribute('data-audible')).toBe('false');
    expect(await gateTile.getByTestId('tile-has-sound').count()).toBe(1);
    await page.evaluate(hearTile, SOUND_SLOT);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // lets the analyser fill with what plays, to show it is silence
    expect(silent(await page.evaluate(hearTile, SOUND_SLOT))).toBe(true);

    await gateTile.hover();
    await gateTile.getByTestId('tile-mute').click();
    await waitFor(() => page.evaluate(hearTile, SOUND_SLOT), hearsTone, 20_000, { what: 'the 440 Hz tone from the fallback tile' });
    expect(await gateTile.getAttribute('data-audible')).toBe('true');
    expect(await gateTile.getByTestId('tile-volume').count()).toBe(1);
    const frames = await expectLive(page, SOUND_SLOT); // the picture goes on with the sound
    expect(frames).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'live-fallback-sound-chromium.png') });

    await gateTile.getByTestId('tile-mute').click();
    await waitFor(() => page.evaluate(hearTile, SOUND_SLOT), silent, 10_000, { what: 'the fallback tile silent again' });
  });

  it('plays the H.265 camera where MediaSource takes HEVC, and otherwise says what is missing and what to do', async () => {
    await showCamera(page, 'porch', 1);
    const announced = tile(page, 1).locator('[data-mime]');
    await waitFor(() => announced.count(), (n) => n > 0, 30_000, { what: 'the H.265 tile on the data-channel path' });
    const mime = (await announced.getAttribute('data-mime')) ?? '';
    expect(mime).toMatch(/codecs="hev1\./);
    expect(await tile(page, 1).getAttribute('data-phase')).toBe('live');
    if (await page.evaluate((type) => MediaSource.isTypeSupported(type), mime)) {
      await expectLive(page, 1);
      await expect(tile(page, 1).getByTestId('tile-path').textContent()).resolves.toMatch(/H\.265 camera: played through the browser's media decoder/);
    } else {
      const sentence = await tile(page, 1).getByTestId('tile-unplayable').textContent();
      expect(sentence).toMatch(/The camera sends H\.265 \(HEVC\) and this browser's media decoder does not take it\./);
      expect(sentence).toMatch(/set the camera to send H\.264/);
      expect(await tile(page, 1).getByTestId('tile-message').count()).toBe(0); // no "Offline"
    }
    await page.screenshot({ path: join(SHOTS, 'live-h265-chromium.png') });
  });

  it('says the same of the H.265 camera’s recordings where MediaSource takes no HEVC', async () => {
    // Debian's Chromium takes no HEVC in MediaSource (its live tile above said so too).
    expect(await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hev1.1.6.L93.B0"'))).toBe(false);
    await tile(page, 1).hover();
    await tile(page, 1).getByTestId('tile-recordings').click();
    const error = page.getByTestId('playback-error');
    await waitFor(() => error.count(), (n) => n > 0, 30_000, { what: 'the playback screen’s sentence' });
    expect(await error.textContent()).toMatch(/^The camera sends H\.265 \(HEVC\) and this browser's media decoder does not take it\..*H\.264\.$/);
    await page.screenshot({ path: join(SHOTS, 'playback-h265-chromium.png') });
    await page.getByRole('button', { name: '← Live' }).click();
  });

  it('the streamer app’s own preview of the H.265 camera says why it shows no picture', async () => {
    const streamer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await streamer.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    const card = streamer.locator('[data-testid=camera-card][data-camera=porch]');
    await waitFor(() => card.getByTestId('preview').textContent(), (t) => !!t?.includes('H.265'), 30_000, { what: 'the H.265 card’s preview sentence' });
    expect(await card.getByTestId('preview').textContent()).toMatch(/This camera sends H\.265, which this preview cannot show: watch it in the viewer, in a browser that decodes HEVC, or set the camera to H\.264\./);
    // The H.264 camera beside it still previews.
    await waitFor(async () => Number(await streamer.locator('[data-testid=camera-card][data-camera=yard] [data-testid=preview]').getAttribute('data-frames-decoded')), (n) => n > 0, 30_000, { what: 'the H.264 card’s preview' });
    await streamer.screenshot({ path: join(SHOTS, 'streamer-h265-card.png') });
    await streamer.close();
  });
});

describe('the viewer in Firefox ESR (no H.264 over WebRTC): live through the data channel, playback', () => {
  let browser: PuppeteerBrowser;
  let page: PuppeteerPage;
  let errors: string[];
  let pulse: PulseServer;

  const tileAttr = (name: string) => page.$eval('[data-testid=tile][data-slot="0"]', (el, n) => el.getAttribute(n) ?? '', name);
  const { text, count, clickButton } = pageQueries(() => page);

  type Download = { name: string; bytes: number[] };
  /** Downloads are caught in the page (no save dialog): each one's file name and bytes, in order. */
  const catchDownloads = () =>
    page.evaluate(() => {
      const w = window as unknown as { __blob?: Blob; __downloads: Promise<Download>[] };
      w.__downloads = [];
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob | MediaSource) => {
        if (object instanceof Blob) w.__blob = object;
        return createObjectURL(object);
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (!this.download || !w.__blob) return click.call(this);
        const name = this.download;
        w.__downloads.push(w.__blob.arrayBuffer().then((b) => ({ name, bytes: Array.from(new Uint8Array(b)) })));
      };
    });
  let taken = 0;
  const nextDownload = async (timeout = 10_000): Promise<Download> => {
    const index = taken++;
    await page.waitForFunction((i) => (window as unknown as { __downloads: unknown[] }).__downloads.length > i, { timeout }, index);
    return page.evaluate((i) => (window as unknown as { __downloads: Promise<Download>[] }).__downloads[i]!, index);
  };

  beforeAll(async () => {
    // Firefox's WebAudio needs a sound server (none on a machine without a sound card).
    pulse = await startPulse();
    browser = await launchFirefox({ pulseServer: pulse.server });
    ({ page, errors } = await openFirefoxPage(browser, site.url));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pulse?.stop();
  });

  it('is Firefox offering no H.264 over WebRTC (the situation under test)', async () => {
    const offered = await page.evaluate(offeredVideo);
    expect(offered.agent).toMatch(/Firefox\//);
    expect(offered.sdp).toMatch(/a=rtpmap:\d+ VP8\/90000/);
    expect(offered.sdp).not.toMatch(/H264/i);
  });

  it('pairs by the pasted link and plays the H.264 camera live through MediaSource, motion boxes drawn', async () => {
    await clickButton('Add streamer');
    await page.locator('[data-testid=uri-input]').fill(engine.pairing.offers.issue().uri);
    await page.locator('[data-testid=uri-submit]').click();
    expect(await waitFor(() => text('[data-testid=add-outcome]'), (t) => t.includes('Added'), 30_000, { what: 'the pairing outcome' })).toContain('Added “Home”');
    await clickButton('Live');
    await page.locator('[data-testid=camera-item][data-camera=yard]').click();
    const first = await waitFor(async () => Number(await tileAttr('data-frames-decoded')), (n) => n > 0, 30_000, {
      what: 'video on the tile',
      explain: async () => `the tile says: ${await text('[data-testid=tile-message]')}`,
    });
    await waitFor(async () => Number(await tileAttr('data-frames-decoded')), (n) => n > first + 10, 10_000, { what: 'the tile still decoding' });
    expect(await tileAttr('data-live-path')).toBe('mse');
    expect(await tileAttr('data-phase')).toBe('live');
    expect(await text('[data-testid=tile-path]')).toMatch(/No H\.264 over WebRTC in this browser/);
    expect(await page.$eval('[data-testid=tile] video', (v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight])).toEqual([640, 360]);
    await waitFor(() => count('[data-testid=motion-box]'), (n) => n > 0, 30_000, { what: 'motion boxes over the tile' });
    await page.screenshot({ path: join(SHOTS, 'live-fallback-firefox.png') });
    expect(errors).toEqual([]);
  });

  it('plays the H.265 camera if its MediaSource takes HEVC, or says what is missing', async () => {
    await page.locator('[data-testid=camera-item][data-camera=porch]').click();
    const mimeOf = () => page.$eval('[data-testid=tile][data-slot="1"] [data-mime]', (el) => el.getAttribute('data-mime') ?? '').catch(() => '');
    const mime = await waitFor(mimeOf, (m) => m !== '', 30_000, { what: 'the H.265 tile on the data-channel path' });
    expect(mime).toMatch(/codecs="hev1\./);
    const frames = async () => Number(await page.$eval('[data-testid=tile][data-slot="1"]', (el) => el.getAttribute('data-frames-decoded')));
    if (await page.evaluate((type) => MediaSource.isTypeSupported(type), mime)) {
      const first = await waitFor(frames, (n) => n > 0, 30_000, { what: 'H.265 video on the tile' });
      await waitFor(frames, (n) => n > first + 10, 10_000, { what: 'the H.265 tile still decoding' });
      expect(await text('[data-testid=tile][data-slot="1"] [data-testid=tile-path]')).toMatch(/H\.265 camera: played through the browser's media decoder/);
    } else {
      expect(await text('[data-testid=tile][data-slot="1"] [data-testid=tile-unplayable]')).toMatch(/H\.265 \(HEVC\).*set the camera to send H\.264/);
    }
    await page.screenshot({ path: join(SHOTS, 'live-h265-firefox.png') });
    expect(errors).toEqual([]);
  });

  it('plays the sound camera with its sound through the data channel: silent while muted, 440 Hz once unmuted', async () => {
    await page.locator('[data-testid=camera-item][data-camera=gate]').click();
    const gateTile = '[data-testid=tile][data-camera=gate]';
    const attr = (name: string) => page.$eval(gateTile, (el, n) => el.getAttribute(n) ?? '', name).catch(() => '');
    await waitFor(async () => Number(await attr('data-frames-decoded')), (n) => n > 0, 30_000, { what: 'video on the sound camera’s tile' });
    expect(await attr('data-live-path')).toBe('mse');
    await waitFor(() => attr('data-has-audio'), (v) => v === 'true', 30_000, { what: 'the fallback tile to have sound' });
    expect(await attr('data-audible')).toBe('false');
    expect(await count(`${gateTile} [data-testid=tile-has-sound]`)).toBe(1);
    const slot = Number(await attr('data-slot'));
    await page.evaluate(hearTile, slot);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // lets the analyser fill with what plays, to show it is silence
    expect(silent(await page.evaluate(hearTile, slot))).toBe(true);

    await page.hover(gateTile);
    await page.locator(`${gateTile} [data-testid=tile-mute]`).click();
    await waitFor(() => page.evaluate(hearTile, slot), hearsTone, 20_000, { what: 'the 440 Hz tone from the fallback tile' });
    expect(await attr('data-audible')).toBe('true');
    expect(await count(`${gateTile} [data-testid=tile-volume]`)).toBe(1);
    const frames = Number(await attr('data-frames-decoded'));
    await waitFor(async () => Number(await attr('data-frames-decoded')), (n) => n > frames + 5, 10_000, { what: 'the picture going on with the sound' });
    await page.screenshot({ path: join(SHOTS, 'live-fallback-sound-firefox.png') });

    await page.locator(`${gateTile} [data-testid=tile-mute]`).click();
    await waitFor(() => attr('data-audible'), (v) => v === 'false', 10_000, { what: 'the fallback tile muted again' });
    await waitFor(() => page.evaluate(hearTile, slot), silent, 10_000, { what: 'the fallback tile silent again' });
    expect(errors).toEqual([]);
  });

  it('pairs by a picture of the QR code, switches layouts, goes full screen and saves a snapshot', async () => {
    // A picture of a fresh code for the same streamer: read, sent, and answered "already paired".
    const picture = join(tmp, 'pairing-code.png');
    await QRCode.toFile(picture, engine.pairing.offers.issue().uri, { errorCorrectionLevel: 'L', margin: 4, width: 360 });
    await clickButton('Add streamer');
    const input = (await page.waitForSelector('input[data-testid=qr-file]')) as ElementHandle<HTMLInputElement> | null;
    await input!.uploadFile(picture);
    expect(await waitFor(() => text('[data-testid=add-outcome]'), (t) => /already paired/.test(t), 20_000, { what: 'the outcome of the pictured code' })).toMatch(/already paired/);

    await clickButton('Live');
    const visibleTiles = () => page.$$eval('[data-testid=tile]', (tiles) => tiles.filter((t) => !t.classList.contains('hidden')).length);
    for (const size of [1, 9, 4]) {
      await page.locator(`[data-testid=layout-${size}]`).click();
      await waitFor(visibleTiles, (n) => n === size, 10_000, { what: `${size} tiles` });
    }
    const frames = async () => Number(await tileAttr('data-frames-decoded'));
    await waitFor(frames, (n) => n > 0, 30_000, { what: 'the tile live again' });

    await page.hover('[data-testid=tile][data-slot="0"]');
    await page.locator('[data-testid=tile][data-slot="0"] [data-testid=tile-fullscreen]').click();
    await waitFor(visibleTiles, (n) => n === 1, 10_000, { what: 'one tile in full screen' });
    expect(await page.$eval('[data-testid=tile][data-slot="0"]', (t) => t.classList.contains('fullscreen'))).toBe(true);
    const before = await frames();
    await waitFor(frames, (n) => n > before + 5, 10_000, { what: 'the full-screen tile decoding' });

    await catchDownloads();
    await page.locator('[data-testid=tile][data-slot="0"] [data-testid=tile-snapshot]').click();
    const snapshot = await nextDownload();
    expect(snapshot.name).toMatch(/^Home-Yard-.*\.png$/);
    expect(snapshot.bytes.slice(0, 4)).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(snapshot.bytes.length).toBeGreaterThan(5_000); // a 640×360 picture, not an empty canvas
    await page.keyboard.press('Escape');
    await waitFor(visibleTiles, (n) => n === 4, 10_000, { what: 'the grid back after Esc' });
    expect(errors).toEqual([]);
  });

  it('plays the camera’s recordings', async () => {
    await page.hover('[data-testid=tile][data-slot="0"]');
    await page.locator('[data-testid=tile-recordings]').click();
    const view = (name: string) => page.$eval('[data-testid=playback]', (el, n) => el.getAttribute(n) ?? '', name).catch(() => '');
    await waitFor(() => view('data-phase'), (p) => p === 'ready' || p === 'failed', 20_000, { what: 'the playback screen' });
    expect(await count('[data-testid=playback-message]')).toBe(0);
    await waitFor(async () => Number(await view('data-frames')), (n) => n > 15, 30_000, { what: 'recorded frames decoding' });
    const playhead = Number(await view('data-playhead'));
    await waitFor(async () => Number(await view('data-playhead')), (t) => t > playhead + 1500, 15_000, { what: 'the playhead advancing' });
    await page.screenshot({ path: join(SHOTS, 'playback-firefox.png') });
    expect(errors).toEqual([]);
  });

  it('exports a marked range: the bundle downloads and verifies', async () => {
    const view = (name: string) => page.$eval('[data-testid=playback]', (el, n) => el.getAttribute(n) ?? '', name);
    await page.locator('[data-testid=mark-in]').click();
    const from = Number(await view('data-playhead'));
    await waitFor(async () => Number(await view('data-playhead')), (t) => t > from + 2500, 15_000, { what: 'the playhead past the mark' });
    await page.locator('[data-testid=mark-out]').click();
    await page.locator('[data-testid=export]').click();
    const bundle = await nextDownload(60_000);
    expect(bundle.name).toMatch(/^yard_\d{8}T\d{6}Z-\d{8}T\d{6}Z\.tar$/);
    await waitFor(() => page.$eval('[data-testid=export-status]', (el) => el.getAttribute('data-phase')), (p) => p === 'done', 10_000, { what: 'the export done' });
    const tar = join(tmp, bundle.name);
    await writeFile(tar, Buffer.from(bundle.bytes));
    const verified = spawnSync(process.execPath, [VERIFY, tar], { encoding: 'utf8' });
    expect(verified.stdout).toMatch(/^OK .*\.tar: \d+ file\(s\) verified/);
    expect(errors).toEqual([]);
  });

  it('plays the H.265 camera’s recordings (hev1 fMP4, copied)', async () => {
    await clickButton('← Live');
    await page.hover('[data-testid=tile][data-slot="1"]');
    await page.locator('[data-testid=tile][data-slot="1"] [data-testid=tile-recordings]').click();
    const view = (name: string) => page.$eval('[data-testid=playback]', (el, n) => el.getAttribute(n) ?? '', name).catch(() => '');
    await waitFor(() => view('data-phase'), (p) => p === 'ready' || p === 'failed', 20_000, { what: 'the H.265 playback screen' });
    // Debian's Firefox ESR decodes HEVC in MediaSource (its live tile above played it too).
    expect(await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hev1.1.6.L93.B0"'))).toBe(true);
    await waitFor(async () => Number(await view('data-frames')), (n) => n > 15, 30_000, { what: 'recorded H.265 frames decoding' });
    await page.screenshot({ path: join(SHOTS, 'playback-h265-firefox.png') });
    expect(errors).toEqual([]);
  });
});
