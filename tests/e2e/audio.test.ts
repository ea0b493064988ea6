/**
 * Sound end to end with real parts: two GStreamer RTSP cameras sending video and a 440 Hz tone
 * (one AAC, one G.711 A-law) → the engine (one ffmpeg each: Opus for WebRTC, AAC in the
 * recordings) → the viewer UI in Chromium. A WebAudio analyser on each tile's video element hears
 * what the tile plays: 440 Hz on the tile unmuted, silence on a muted one, and only one tile
 * audible at a time. The AAC camera's recorded segments carry an AAC stream (ffprobe) holding the
 * tone, and `vigil-verify` still passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { exportClip } from '../../apps/streamer/src/engine/recording/export.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { watchPageErrors } from '../helpers/page-errors.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { expectLive, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildViewer } from '../viewer/harness.ts';
import { dominantFrequency } from '../helpers/tone.ts';

const VERIFY = fileURLToPath(new URL('../../apps/streamer/bin/vigil-verify.js', import.meta.url));
const TONE_HZ = 440;

/** What an analyser hears: the loudest frequency and its level (dBFS). */
interface Heard {
  hz: number;
  db: number;
}

/**
 * Put into the page before it loads: every gain node the viewer makes (a tile's volume, the last
 * node before the speakers) also feeds an analyser, so the test hears what each tile plays.
 */
const TAP_GAINS = `(() => {
  const create = AudioContext.prototype.createGain;
  window.taps = [];
  AudioContext.prototype.createGain = function () {
    const gain = create.call(this);
    const analyser = this.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    gain.connect(analyser);
    window.taps.push({ context: this, analyser });
    return gain;
  };
})()`;

/** What each tapped gain (each tile's output) hears now; with `slot`, what the tile's stream carries. */
async function heard(page: Page, slot?: number): Promise<Heard[]> {
  return page.evaluate((s) => {
    type Tap = { context: AudioContext; analyser: AnalyserNode };
    const w = window as unknown as { taps: Tap[]; streamTaps?: Record<number, Tap> };
    if (s !== undefined && !w.streamTaps?.[s]) {
      // The tile's received stream itself, before its gain: proof the camera's tone arrived.
      const video = document.querySelector<HTMLVideoElement>(`[data-testid=tile][data-slot="${s}"] video`)!;
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaStreamSource(video.srcObject as MediaStream).connect(analyser);
      (w.streamTaps ??= {})[s] = { context, analyser };
    }
    const read = ({ context, analyser }: Tap) => {
      const bins = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatFrequencyData(bins);
      let best = 0;
      for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
      return { hz: (best * context.sampleRate) / analyser.fftSize, db: Number.isFinite(bins[best]) ? bins[best]! : -1000 };
    };
    return s === undefined ? w.taps.map(read) : [read(w.streamTaps![s]!)];
  }, slot);
}

const hearsTone = (h: Heard) => Math.abs(h.hz - TONE_HZ) < 15 && h.db > -70;
const silent = (h: Heard) => h.db < -100;
/** Indexes of the tile outputs that play the tone. */
const playing = (taps: Heard[]) => taps.flatMap((h, i) => (hearsTone(h) ? [i] : []));

describe('sound from the camera to the viewer and into recordings', () => {
  let net: TestInterface;
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let stopped = false;
  const cameras: RtspServer[] = [];
  const api = (method: string, path: string) => fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-audio-'));
    await buildViewer(join(tmp, 'viewer'));
    const aac = await startRtspServer({ audio: 'aac', tone: TONE_HZ, width: 320, height: 180 });
    const pcma = await startRtspServer({ audio: 'pcma', tone: TONE_HZ, width: 320, height: 180 });
    cameras.push(aac, pcma);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '0.0.0.0',
      viewerDist: join(tmp, 'viewer'),
      defaults: {
        name: 'Home',
        cameras: [
          { id: 'door', name: 'Door (AAC)', source: { kind: 'rtsp', url: aac.url() }, recording: { mode: 'continuous', segmentSeconds: 2 } },
          { id: 'gate', name: 'Gate (G.711)', source: { kind: 'rtsp', url: pcma.url() } },
        ],
      },
    });
    // A real click would satisfy Chromium's autoplay policy as well; the flag keeps the test short.
    const pins = [`--ignore-certificate-errors-spki-list=${engine.info.fingerprint!.spkiSha256}`];
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...pins, '--autoplay-policy=no-user-gesture-required'] }).then(watchPageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    if (!stopped) await engine?.stop();
    for (const camera of cameras) await camera.stop();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('plays the tone on the one tile unmuted; muted tiles are silent', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(TAP_GAINS);
    await page.goto(engine.info.viewerUrl!);
    expect(await pasteUri(page, ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri)).toContain('Added “Home”');
    await showCamera(page, 'door', 0);
    await showCamera(page, 'gate', 1);
    await expectLive(page, 0);
    await expectLive(page, 1);
    // The engine learns each camera's codec from ffmpeg's listing and answers audio once it has.
    for (const slot of [0, 1]) {
      await waitFor(() => tile(page, slot).getAttribute('data-has-audio'), (v) => v === 'true', 30_000, { what: `tile ${slot} to have sound` });
      expect(await tile(page, slot).getAttribute('data-audible')).toBe('false');
    }
    const states = (await (await api('GET', '/api/cameras')).json()) as unknown[];
    expect(JSON.stringify(states)).toContain('"codec":"aac"');
    expect(JSON.stringify(states)).toContain('"codec":"pcm_alaw"');
    // Both cameras' tones reach the browser (AAC and G.711, each encoded once to Opus).
    for (const slot of [0, 1]) await waitFor(async () => (await heard(page, slot))[0]!, hearsTone, 20_000, { what: `the 440 Hz tone in tile ${slot}'s stream` });

    // Muted by default: every tile's output is silent.
    const taps = await waitFor(() => heard(page), (list) => list.length >= 2, 10_000, { what: 'both tiles’ outputs' });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // lets the analysers fill with what plays, to show it is silence
    expect((await heard(page)).every(silent), JSON.stringify(taps)).toBe(true);

    // One click: that tile's output plays the tone; the other stays silent.
    await tile(page, 0).hover();
    await tile(page, 0).getByTestId('tile-mute').click();
    const first = await waitFor(async () => playing(await heard(page)), (list) => list.length === 1, 20_000, { what: 'one tile output playing the tone' });
    expect((await heard(page)).filter((h, i) => i !== first[0]).every(silent)).toBe(true);
    expect(await tile(page, 0).getByTestId('tile-volume').count()).toBe(1);

    // Clicking the other tile makes it the audible one and mutes the first.
    await tile(page, 1).hover();
    await tile(page, 1).getByTestId('tile-mute').click();
    const second = await waitFor(async () => playing(await heard(page)), (list) => list.length === 1 && list[0] !== first[0], 20_000, { what: 'the other tile playing the tone alone' });
    await waitFor(() => heard(page), (list) => silent(list[first[0]!]!), 10_000, { what: 'the first tile silent again' });
    expect(second).toHaveLength(1);
    expect(await tile(page, 0).getAttribute('data-audible')).toBe('false');
    expect(await tile(page, 1).getAttribute('data-audible')).toBe('true');
    await page.screenshot({ path: 'tests/e2e/screenshots/audio-tile-controls.png' });

    // Playback of the AAC camera's recordings sounds the tone once its sound is switched on.
    await tile(page, 0).hover();
    await tile(page, 0).getByTestId('tile-recordings').click();
    const player = page.getByTestId('playback-video');
    await waitFor(() => page.getByTestId('playback').getAttribute('data-phase'), (p) => p === 'ready', 20_000, { what: 'the playback screen' });
    await waitFor(() => player.evaluate((v: HTMLVideoElement) => v.readyState), (r) => r >= 2, 20_000, { what: 'recorded media loaded' });
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid=playback-video]')!;
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaElementSource(video).connect(analyser);
      analyser.connect(context.destination);
      (window as unknown as { taps: unknown[] }).taps = [{ context, analyser }];
    });
    await page.getByTestId('playback-sound').click();
    await page.getByTestId('play-pause').click();
    await waitFor(async () => (await heard(page))[0]!, hearsTone, 20_000, { what: 'the tone in playback' });
    await page.screenshot({ path: 'tests/e2e/screenshots/audio-playback.png' });
    expect(errors).toEqual([]);
  });

  it('records the AAC camera’s sound, copied, in segments that still verify', async () => {
    const folder = join(tmp, 'engine', 'recordings', 'door');
    const segments = await waitFor(async () => (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.mp4')).sort(), (list) => list.length >= 4, 30_000, { what: 'four door segments' });
    // Stopped, so the open segment is closed and in the manifest before verifying.
    await engine.stop();
    stopped = true;
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', join(folder, segments.at(-2)!)], { encoding: 'utf8' });
    expect(probe.stdout.trim().split('\n').sort()).toEqual(['aac,audio', 'h264,video']);
    const pcm = spawnSync('ffmpeg', ['-v', 'error', '-i', join(folder, segments.at(-2)!), '-map', '0:a', '-ac', '1', '-ar', '16000', '-f', 's16le', '-'], { maxBuffer: 16 << 20 });
    expect(dominantFrequency(new Int16Array(pcm.stdout.buffer, pcm.stdout.byteOffset, pcm.stdout.length >> 1), 16_000)).toBeCloseTo(TONE_HZ, -1);
    const verify = spawnSync(process.execPath, [VERIFY, folder], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);

    // An export keeps the sound, and vigil-verify checks the clip's sound packets against the segments.
    const exported = await exportClip({ ffmpegPath: 'ffmpeg', dir: folder, camera: 'door', from: Date.now() - 120_000, to: Date.now(), exportsDir: join(tmp, 'exports') });
    const clip = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', exported.clip], { encoding: 'utf8' });
    expect(clip.stdout.trim().split('\n').sort()).toEqual(['aac,audio', 'h264,video']);
    const bundle = spawnSync(process.execPath, [VERIFY, exported.folder], { encoding: 'utf8' });
    expect(bundle.status, bundle.stdout + bundle.stderr).toBe(0);
    expect(bundle.stdout).toMatch(/\d+ video packets and \d+ sound packets match the segments/);
  });
});
