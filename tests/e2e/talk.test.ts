/**
 * Talk back end to end with real parts: Chromium with a fake microphone playing a 1 kHz tone →
 * the viewer UI's push-to-talk on a live tile → the same peer connection → the engine (permission
 * check, Opus → G.711) → a GStreamer ONVIF RTSP camera's audio backchannel, which writes what it
 * receives. A viewer without the talk permission is refused (nothing reaches the camera); with it,
 * 1 kHz is found at the camera, and the streamer UI says who is talking; withdrawing it mid-talk
 * stops the sound at once.
 *
 * A camera without a speaker of its own (here a test pattern, as a USB webcam) plays the voice on
 * the streamer PC's speaker instead: one ffmpeg → ALSA. This machine has no sound card, so the
 * engine is given an ALSA device (`vigiltalk`, alsa-lib's `file` plugin) that writes what it plays
 * to a file; 1 kHz is found there, and revoking the viewer stops it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
  /** What the PC's ALSA device `vigiltalk` played (raw s16le, 48 kHz stereo). */
  let pcSpeaker: string;
  const alsaConfigPath = process.env.ALSA_CONFIG_PATH;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const heardBytes = (file = speaker) => stat(file).then((s) => s.size).catch(() => 0);

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-talk-'));
    await buildViewer(join(tmp, 'viewer'));
    await buildStreamerUi(join(tmp, 'streamer-ui'));
    speaker = join(tmp, 'speaker.raw');
    const mic = join(tmp, 'mic-1khz.wav');
    expect(spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000', '-t', '10', '-ac', '1', '-c:a', 'pcm_s16le', mic]).status).toBe(0);
    camera = await startRtspServer({ backchannel: speaker, audio: 'pcma', tone: 440, width: 320, height: 180 });
    // The system's ALSA configuration plus one device that writes to a file (the engine's ffmpeg
    // inherits this environment, as it would a user's ~/.asoundrc).
    pcSpeaker = join(tmp, 'pc-speaker.raw');
    await writeFile(join(tmp, 'asoundrc'), `pcm.vigiltalk { type file; slave.pcm "null"; file "${pcSpeaker}"; format "raw" }\n`);
    process.env.ALSA_CONFIG_PATH = `/usr/share/alsa/alsa.conf:${join(tmp, 'asoundrc')}`;
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '0.0.0.0',
      viewerDist: join(tmp, 'viewer'),
      streamerDist: join(tmp, 'streamer-ui'),
      defaults: {
        name: 'Home',
        cameras: [
          { id: 'door', name: 'Front door', source: { kind: 'rtsp', url: camera.url() } },
          { id: 'desk', name: 'Desk', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10, speaker: 'alsa:vigiltalk' } },
        ],
      },
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
    if (alsaConfigPath === undefined) delete process.env.ALSA_CONFIG_PATH;
    else process.env.ALSA_CONFIG_PATH = alsaConfigPath;
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

  /**
   * A newly paired viewer (the person said yes to the microphone: Playwright's contexts deny it
   * otherwise) showing `cameraId` live with its talk button, and the streamer app open beside it
   * (it hears who talks from the engine's events).
   */
  async function pairedViewer(cameraId: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['microphone'], ignoreHTTPSErrors: false });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const before = ((await (await api('GET', '/api/viewers')).json()) as { id: string }[]).map((v) => v.id);
    await page.goto(engine.info.viewerUrl!);
    expect(await pasteUri(page, ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri)).toContain('Added “Home”');
    await showCamera(page, cameraId, 0);
    await expectLive(page, 0);
    await waitFor(() => tile(page, 0).getByTestId('tile-talk').count(), (n) => n === 1, 30_000, { what: 'the talk button on the live tile' });
    const streamerUi = await context.newPage();
    await streamerUi.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await streamerUi.getByTestId('engine-status').getByText('Engine connected').waitFor();
    const viewer = ((await (await api('GET', '/api/viewers')).json()) as { id: string; talk?: boolean }[]).find((v) => !before.includes(v.id))!;
    expect(viewer.talk).toBeUndefined(); // off by default
    return { page, streamerUi, viewer, errors };
  }

  it('refuses a viewer without the permission, carries 1 kHz once allowed, and stops when withdrawn', async () => {
    const { page, streamerUi, viewer, errors } = await pairedViewer('door');

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

  it('plays the voice on the streamer PC’s speaker for a camera without one, and stops when the viewer is revoked', async () => {
    const { page, streamerUi, viewer, errors } = await pairedViewer('desk');
    const played = () => heardBytes(pcSpeaker);

    let held = await press(page);
    await waitFor(() => notice(page), (t) => /may not talk/.test(t ?? ''), 15_000, { what: 'the refusal on the tile' });
    await held.release();
    expect(await played()).toBe(0);

    expect((await api('PATCH', `/api/viewers/${viewer.id}`, { talk: true })).status).toBe(200);
    held = await press(page);
    await waitFor(() => notice(page), (t) => t === 'Talking…', 15_000, { what: 'the tile to say it is talking' });
    // More than a second at 48 kHz, 2 channels of 16 bits.
    await waitFor(played, (size) => size >= 240_000, 20_000, {
      what: 'more than a second played on the PC’s speaker',
      // CI once found nothing at all played here: say whether ffmpeg ran and ALSA's file was made.
      explain: async () => {
        const speakerFfmpegs = (spawnSync('ps', ['-eo', 'pid,etimes,stat,args'], { encoding: 'utf8' }).stdout ?? '').split('\n').filter((line) => line.includes('vigiltalk'));
        const made = await stat(pcSpeaker).then(() => 'exists', () => 'was never created');
        return `the speaker's file ${made}; ffmpeg for the speaker: ${speakerFfmpegs.join(' | ') || 'none running'}; the tile says: ${await notice(page)}`;
      },
    });
    const raw = await readFile(pcSpeaker);
    const stereo = new Int16Array(raw.buffer, raw.byteOffset + 19_200, (raw.length - 19_200) >> 1); // past the first 0.1 s
    const left = stereo.filter((_, i) => i % 2 === 0);
    expect(dominantFrequency(left, 48_000)).toBeCloseTo(1000, -1);
    await waitFor(() => streamerUi.getByTestId('talking').textContent().catch(() => ''), (t) => /is talking through Desk \(on this computer’s speaker\)/.test(t ?? ''), 15_000, { what: 'the streamer UI’s talking notice' });
    await streamerUi.screenshot({ path: 'tests/e2e/screenshots/streamer-talking-pc-speaker.png' });

    // Revoked mid-talk, the button still held: its session ends, and so does the sound.
    expect((await api('DELETE', `/api/viewers/${viewer.id}`)).status).toBe(204);
    await waitFor(() => streamerUi.getByTestId('talking').count(), (n) => n === 0, 15_000, { what: 'the streamer UI’s notice gone' });
    const stoppedAt = await played();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // time for sound to arrive, to show none does
    expect(await played()).toBeLessThanOrEqual(stoppedAt + 19_200); // at most what was in flight (0.1 s)
    await held.release();
    expect(errors).toEqual([]);
  });
});
