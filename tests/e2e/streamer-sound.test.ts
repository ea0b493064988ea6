/**
 * Sound in the streamer UI against the real engine: the Viewers screen's talk permission (off by
 * default, switched per viewer, saved in the engine), the camera editor's Sound section (what the
 * engine found in an AAC camera, the "record sound" switch with its legal note, saved), and the
 * wizard's microphone and talk-speaker choices for a USB camera, and the Recordings screen playing
 * the recorded tone.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingClient } from '@vigil/signaling/node';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { connectSignaling, pair } from '../helpers/paired-viewer.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe('sound in the streamer UI', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  let client: SignalingClient;
  const errors: string[] = [];
  const api = async <T,>(method: string, path: string): Promise<T> =>
    (await (await fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as T;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-sound-'));
    await mkdir(SHOTS, { recursive: true });
    rtsp = await startRtspServer({ audio: 'aac', width: 320, height: 180 });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: join(tmp, 'dist'),
      defaults: { name: 'Home', cameras: [{ id: 'door', name: 'Front door', source: { kind: 'rtsp', url: rtsp.url() }, recording: { mode: 'continuous', segmentSeconds: 2 } }] },
    });
    client = await connectSignaling(engine.info.signalingUrl);
    const offer = await api<{ uri: string }>('POST', '/api/pairing/offers');
    expect((await pair(client, offer.uri, 'Kitchen tablet')).refusal).toBeUndefined();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
  });

  afterAll(async () => {
    client?.stop();
    await browser?.close();
    await engine?.stop();
    await rtsp?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('plays the recorded sound on the Recordings screen once its sound is switched on', async () => {
    await page.getByTestId('nav-recordings').click();
    await waitFor(() => page.getByTestId('timeline-segment').count(), (n) => n >= 3, 40_000, { what: 'three recorded segments' });
    await page.getByTestId('rec-fit').click();
    // What the player sends to the speakers goes through an analyser.
    await page.getByTestId('player-video').evaluate((video: HTMLVideoElement) => {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaElementSource(video).connect(analyser);
      analyser.connect(context.destination);
      void context.resume();
      (window as unknown as { tap: unknown }).tap = { context, analyser };
    });
    await page.getByTestId('player-sound').click();
    const box = (await page.getByTestId('timeline-segment').nth(1).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const loudest = () =>
      page.evaluate(() => {
        const { context, analyser } = (window as unknown as { tap: { context: AudioContext; analyser: AnalyserNode } }).tap;
        const bins = new Float32Array(analyser.frequencyBinCount);
        analyser.getFloatFrequencyData(bins);
        let best = 0;
        for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
        return { hz: (best * context.sampleRate) / analyser.fftSize, db: bins[best]! };
      });
    await waitFor(loudest, (h) => Math.abs(h.hz - 440) < 15 && h.db > -70, 20_000, { what: 'the recorded 440 Hz tone' });
  });

  it('switches a viewer’s talk permission on the Viewers screen (off by default)', async () => {
    await page.getByTestId('nav-pairing').click();
    const toggle = page.getByTestId('viewer-talk');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click(); // the box follows the engine's answer, so it changes a moment after the click
    await waitFor(() => api<{ name: string; talk?: boolean }[]>('GET', '/api/viewers'), (list) => list[0]?.talk === true, 10_000, { what: 'the permission saved in the engine' });
    await waitFor(() => toggle.isChecked(), (checked) => checked, 5000, { what: 'the box checked' });
    await page.screenshot({ path: join(SHOTS, 'streamer-viewers-talk.png') });
    await toggle.click();
    await waitFor(() => api<{ talk?: boolean }[]>('GET', '/api/viewers'), (list) => list[0]?.talk === undefined, 10_000, { what: 'the permission withdrawn' });
  });

  it('shows the camera’s sound in the editor and saves "record sound" off', async () => {
    await page.getByTestId('nav-cameras').click();
    await page.getByTestId('edit-camera').click();
    const summary = page.getByTestId('sound-summary');
    await waitFor(() => summary.textContent(), (t) => /sends AAC: to viewers as Opus \(encoded once\), in recordings as AAC \(copied\)/.test(t ?? ''), 30_000, { what: 'the sound summary' });
    expect(await page.getByTestId('sound-fields').textContent()).toMatch(/some places forbid recording conversations/);
    await page.getByTestId('field-sound-record').uncheck();
    await page.getByTestId('sound-fields').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'streamer-camera-sound.png') });
    await page.getByTestId('save-camera').click();
    await waitFor(() => api<{ config: { audio?: { record: boolean; live: boolean } } }[]>('GET', '/api/cameras'), (list) => list[0]?.config.audio?.record === false && list[0]?.config.audio?.live === true, 10_000, { what: 'record sound saved off' });
  });

  it('offers the streamer computer’s microphones and speakers beside a USB camera', async () => {
    // This test machine has no sound hardware: the engine's list is replaced by one a laptop
    // with a webcam gives (a V4L2 camera, its ALSA microphone, the PulseAudio source for it, and
    // the outputs viewers' talk can be played on).
    await page.route('**/api/devices', (route) =>
      route.fulfill({
        json: [
          { id: '/dev/video0', name: 'HD Webcam C270' },
          { id: 'pulse:alsa_input.usb-046d_C270_HD_WEBCAM-02.mono-fallback', name: 'alsa_input.usb-046d_C270_HD_WEBCAM-02.mono-fallback (PulseAudio)', kind: 'audio' },
          { id: 'alsa:hw:1,0', name: 'USB Audio (ALSA)', kind: 'audio' },
          { id: 'alsa:hw:0,0', name: 'HDA Intel PCH (ALSA)', kind: 'audio' },
          { id: 'default', name: 'System default output', kind: 'speaker' },
          { id: 'pulse:alsa_output.pci-0000_00_1f.3.analog-stereo', name: 'alsa_output.pci-0000_00_1f.3.analog-stereo (PulseAudio)', kind: 'speaker' },
          { id: 'alsa:plughw:0,0', name: 'HDA Intel PCH (ALSA)', kind: 'speaker' },
        ],
      }),
    );
    await page.getByTestId('add-camera').click();
    await page.getByTestId('kind-usb').click();
    const microphone = page.getByTestId('field-microphone');
    await waitFor(() => microphone.locator('option').count(), (n) => n === 4, 10_000, { what: 'the microphones listed' });
    expect(await page.locator('#field-device option').allTextContents()).not.toContain('USB Audio (ALSA)');
    await microphone.selectOption('alsa:hw:1,0');
    // The webcam has no speaker: viewers' talk plays on one of the computer's, the default first.
    const speaker = page.getByTestId('field-speaker');
    expect(await speaker.locator('option').allTextContents()).toEqual(['System default output', 'alsa_output.pci-0000_00_1f.3.analog-stereo (PulseAudio)', 'HDA Intel PCH (ALSA)']);
    expect(await speaker.inputValue()).toBe('default');
    expect(await page.locator('#field-device option').allTextContents()).not.toContain('System default output');
    await speaker.selectOption('alsa:plughw:0,0');
    await page.screenshot({ path: join(SHOTS, 'streamer-wizard-microphone.png') });
    expect(errors).toEqual([]);
  });
});
