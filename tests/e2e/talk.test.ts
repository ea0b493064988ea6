/**
 * Talk back end to end with real parts: Chromium with a fake microphone playing a 1 kHz tone →
 * the viewer UI's push-to-talk on a live tile → the same peer connection → the engine (permission
 * check, Opus → G.711) → a GStreamer ONVIF RTSP camera's audio backchannel, which writes what it
 * receives. A viewer without the talk permission is refused (nothing reaches the camera); with it,
 * 1 kHz is found at the camera, and the streamer UI says who is talking; withdrawing it mid-talk
 * stops the sound at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { watchPageErrors } from '../helpers/page-errors.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { dominantFrequency } from '../helpers/tone.ts';
import { expectLive, pasteUri, showCamera, tile } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildViewer } from '../viewer/harness.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

describe('talking through the camera’s speaker', () => {
  let net: TestInterface;
  let tmp: string;
  let engine: Engine;
  let browser: Browser;
  let camera: RtspServer;
  let speaker: string;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const heardBytes = () => stat(speaker).then((s) => s.size).catch(() => 0);

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-talk-'));
    await buildViewer(join(tmp, 'viewer'));
    await buildStreamerUi(join(tmp, 'streamer-ui'));
    speaker = join(tmp, 'speaker.raw');
    const mic = join(tmp, 'mic-1khz.wav');
    expect(spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000', '-t', '10', '-ac', '1', '-c:a', 'pcm_s16le', mic]).status).toBe(0);
    camera = await startRtspServer({ backchannel: speaker, audio: 'pcma', tone: 440, width: 320, height: 180 });
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '0.0.0.0',
      viewerDist: join(tmp, 'viewer'),
      streamerDist: join(tmp, 'streamer-ui'),
      defaults: { name: 'Home', cameras: [{ id: 'door', name: 'Front door', source: { kind: 'rtsp', url: camera.url() } }] },
    });
    browser = await chromium
      .launch({
        executablePath: '/usr/bin/chromium',
        args: [
          ...CHROMIUM_ARGS,
          `--ignore-certificate-errors-spki-list=${engine.info.fingerprint!.spkiSha256}`,
          '--autoplay-policy=no-user-gesture-required',
          // A fake microphone that plays the 1 kHz file, granted without a prompt.
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-audio-capture=${mic}`,
        ],
      })
      .then(watchPageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await camera?.stop();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Holds the tile's talk button down (a person pressing it) until release() is called. */
  async function press(page: Page): Promise<{ release(): Promise<void> }> {
    const button = tile(page, 0).getByTestId('tile-talk');
    await tile(page, 0).hover();
    const box = (await button.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    return { release: () => page.mouse.up() };
  }
  const notice = (page: Page) => tile(page, 0).getByTestId('tile-talk-notice').textContent().catch(() => '');

  it('refuses a viewer without the permission, carries 1 kHz once allowed, and stops when withdrawn', async () => {
    // The person said yes to the microphone (Playwright's contexts deny it otherwise).
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['microphone'], ignoreHTTPSErrors: false });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(engine.info.viewerUrl!);
    expect(await pasteUri(page, ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri)).toContain('Added “Home”');
    await showCamera(page, 'door', 0);
    await expectLive(page, 0);
    await waitFor(() => tile(page, 0).getByTestId('tile-talk').count(), (n) => n === 1, 30_000, { what: 'the talk button on the live tile' });
    // The streamer app, open beside it (it hears who talks from the engine's events).
    const streamerUi = await context.newPage();
    await streamerUi.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await streamerUi.getByTestId('engine-status').getByText('Engine connected').waitFor();
    const viewer = ((await (await api('GET', '/api/viewers')).json()) as { id: string; talk?: boolean }[])[0]!;
    expect(viewer.talk).toBeUndefined(); // off by default

    // Without the permission: refused in words, and nothing reaches the camera.
    let held = await press(page);
    await waitFor(() => notice(page), (t) => /may not talk/.test(t ?? ''), 15_000, { what: 'the refusal on the tile' });
    await held.release();
    expect(await heardBytes()).toBe(0);

    // Allowed on the Viewers screen (the same API call): the tone reaches the camera's speaker.
    expect((await api('PATCH', `/api/viewers/${viewer.id}`, { talk: true })).status).toBe(200);
    held = await press(page);
    await waitFor(() => notice(page), (t) => t === 'Talking…', 15_000, { what: 'the tile to say it is talking' });
    await waitFor(heardBytes, (size) => size >= 20_000, 20_000, { what: 'more than a second of sound at the camera' });
    const raw = await readFile(speaker);
    const samples = new Int16Array(raw.buffer, raw.byteOffset + 4000, (raw.length - 4000) >> 1);
    expect(dominantFrequency(samples, 8000)).toBeCloseTo(1000, -1);
    await page.screenshot({ path: 'tests/e2e/screenshots/audio-talking-tile.png' });
    // The streamer app shows who is talking through which camera.
    await waitFor(() => streamerUi.getByTestId('talking').textContent().catch(() => ''), (t) => /is talking through Front door/.test(t ?? ''), 15_000, { what: 'the streamer UI’s talking notice' });
    await streamerUi.screenshot({ path: 'tests/e2e/screenshots/streamer-talking.png' });

    // Withdrawn mid-talk, the button still held: the talk ends and no more sound arrives.
    expect((await api('PATCH', `/api/viewers/${viewer.id}`, { talk: false })).status).toBe(200);
    await waitFor(() => notice(page), (t) => /may not talk/.test(t ?? ''), 15_000, { what: 'the tile to say talking stopped' });
    const stoppedAt = await waitFor(heardBytes, () => true, 1000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // time for sound to arrive, to show none does
    expect(await heardBytes()).toBeLessThanOrEqual(stoppedAt + 1600); // at most packets already in flight (0.1 s)
    await held.release();
    await waitFor(() => streamerUi.getByTestId('talking').count(), (n) => n === 0, 15_000, { what: 'the streamer UI’s notice gone' });
    expect(errors).toEqual([]);
  });
});
