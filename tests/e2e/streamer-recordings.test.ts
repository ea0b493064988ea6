// The streamer UI's Recordings screen against the real engine recording a real RTSP camera
// (GStreamer fixture, moving ball: motion events too). A person sees the segments on the
// timeline, plays one (the video's clock advances, at the chosen speed), marks a range and
// exports it (progress, then a download the engine serves), checks integrity (ok; then, after
// one byte of one segment is changed on disk, the tampered file is named), and sets a disk quota
// (one larger than the disk is refused in the form, and by the engine). Media reach the <video>
// through short-lived signed URLs with HTTP Range; the admin token never goes into a URL.
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, StorageView } from '@vigil/shared/api';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { buildStreamerUi, collectPageErrors } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe('streamer UI: recordings', () => {
  let tmp: string;
  let rtsp: RtspServer;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const call = async (method: string, path: string, body?: unknown) =>
    fetch(engine.info.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${engine.info.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async <T,>(path: string): Promise<T> => (await (await call('GET', path)).json()) as T;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-recordings-${name}.png`), fullPage: true });
  const segmentCount = () => page.getByTestId('timeline-segment').count();
  /** Drags across the timeline from segment `first` to segment `last`, as a person marks a clip. */
  const markSegments = async (first: number, last: number) => {
    const track = (await page.getByTestId('timeline').locator('.tl-track').boundingBox())!;
    const segments = page.getByTestId('timeline-segment');
    const a = (await segments.nth(first).boundingBox())!;
    const b = (await segments.nth(last).boundingBox())!;
    await page.mouse.move(a.x + 1, track.y + 20);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x + b.width) / 2, track.y + 20, { steps: 5 });
    await page.mouse.move(b.x + b.width - 1, track.y + 20, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('timeline-selection').waitFor();
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-rec-'));
    await mkdir(SHOTS, { recursive: true });
    [rtsp] = await Promise.all([startRtspServer({ scene: 'ball', width: 640, height: 360, fps: 15, keyint: 15 }), buildStreamerUi(join(tmp, 'dist'))]);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      streamerDist: join(tmp, 'dist'),
      defaults: {
        recording: { minFreeBytes: 0 },
        cameras: [
          {
            id: 'yard',
            name: 'Back yard',
            source: { kind: 'rtsp', url: rtsp.url() },
            // 4 s: two cuts within one wall-clock second (a burst after a stall on a loaded machine)
            // would give two segments the same name; see the report.
            recording: { mode: 'continuous', segmentSeconds: 4 },
            motion: { enabled: true, fps: 5, startFrames: 3, endQuietSeconds: 2 },
          },
          // A second camera to switch to (encoded by the engine itself, so one slice per frame:
          // the RTSP fixture's two-slice frames show torn in Chromium, see the report).
          { id: 'porch', name: 'Porch', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 }, recording: { mode: 'continuous', segmentSeconds: 4 } },
        ],
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    // The over-large quota is refused by the form, so no 400 is expected from the page itself.
    collectPageErrors(page, pageErrors);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await rtsp?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows the recorded segments and the motion event on the timeline', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-recordings').click();
    await page.getByTestId('recordings-screen').waitFor();
    await waitFor(segmentCount, (n) => n >= 4, 40_000);
    expect(await segmentCount()).toBeGreaterThanOrEqual(4);
    await page.getByTestId('rec-fit').click(); // a minute of footage on an hour-long timeline is a sliver
    await waitFor(() => page.getByTestId('timeline-event').count(), (n) => n >= 1, 20_000);
    expect(await page.getByTestId('timeline-event').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('rec-summary').textContent()).toMatch(/\d+ segments · [\d.]+ [KMG]?B · \d+ events?/);
    // Hovering a segment shows its time and thumbnail.
    const box = (await page.getByTestId('timeline-segment').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('timeline-thumbnail').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('timeline-thumbnail').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot('timeline');
  });

  it('plays a segment from the timeline: the video clock advances, at the chosen speed', async () => {
    const box = (await page.getByTestId('timeline-segment').nth(1).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const video = page.getByTestId('player-video');
    const time = () => video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await waitFor(time, (t) => t > 0.3, 20_000);
    const first = await time();
    await waitFor(time, (t) => t > first + 0.3 || t < first, 10_000); // advances (or moved on to the next segment)
    expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
    expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
    // "Next event" jumps to the first motion event after the play position.
    const listed = await json<RecordingSegmentView[]>('/api/recordings?camera=yard');
    const starts = listed.flatMap((seg) => seg.events.map((e) => e.start)).filter((t) => t > listed[0]!.start + 1000);
    expect(starts.length).toBeGreaterThan(0);
    const head = (await page.getByTestId('timeline-segment').first().boundingBox())!;
    await page.mouse.click(head.x + 1, head.y + head.height / 2);
    await waitFor(() => page.getByTestId('next-event').isEnabled(), (enabled) => enabled, 5000);
    await page.getByTestId('next-event').click();
    const playhead = async () => Number(await page.locator('.tl-track').getAttribute('aria-valuenow'));
    const target = Math.min(...starts);
    // The playhead reached (the video plays on afterwards, so the value seen is what counts).
    expect(Math.abs((await waitFor(playhead, (t) => Math.abs(t - target) < 1500, 10_000)) - target)).toBeLessThan(1500);
    // The keyboard: Home goes back to the start of the footage shown.
    await page.locator('.tl-track').focus();
    await page.keyboard.press('Home');
    expect(Math.abs((await waitFor(playhead, (t) => Math.abs(t - listed[0]!.start) < 1500, 10_000)) - listed[0]!.start)).toBeLessThan(1500);
    await page.getByTestId('speed').selectOption('2');
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2);
    await page.getByTestId('timeline-playhead').waitFor();
    // The src is a signed link, never the token.
    const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc);
    expect(src).toMatch(/\/api\/recordings\/segments\/yard\/yard_\d{8}T\d{6}Z_[a-z0-9]+\.mp4\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(src).not.toContain(engine.info.adminToken);
    await shot('playing');
  });

  it('serves segments with HTTP Range to a signed link only', async () => {
    const src = await page.getByTestId('player-video').evaluate((v: HTMLVideoElement) => v.currentSrc);
    const ranged = await fetch(src, { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    const path = new URL(src).pathname;
    expect((await fetch(engine.info.apiUrl + path)).status).toBe(401); // no signature
    expect((await fetch(src.replace(/sig=[0-9a-f]/, (m) => (m.endsWith('0') ? 'sig=1' : 'sig=0')))).status).toBe(401); // altered
    expect((await call('POST', '/api/recordings/links', { path: '/api/recordings/storage' })).status).toBe(400); // only media
  });

  it('exports a marked range with progress, and the download is served', async () => {
    await markSegments(0, 2);
    expect(await page.getByTestId('export-selection').textContent()).toMatch(/\(\d+ s\)/);
    // Every state the progress bar passes through, as the page renders it (an export of a few
    // seconds can finish between two polls of a test).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { exportStates: string[] }).exportStates = seen;
      new MutationObserver(() => {
        const job = document.querySelector('[data-testid=export-job]');
        const bar = job?.querySelector('[role=progressbar]');
        const state = `${job?.getAttribute('data-state')}:${bar?.getAttribute('aria-valuenow') ?? ''}`;
        if (job && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('export-start').click();
    const job = page.getByTestId('export-job').first();
    await job.waitFor();
    await waitFor(() => job.getAttribute('data-state'), (s) => s === 'done', 30_000);
    expect(await job.getAttribute('data-state')).toBe('done');
    expect(await job.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const states = await page.evaluate(() => (window as unknown as { exportStates: string[] }).exportStates);
    expect(states[0]).toMatch(/^running:\d+$/);
    expect(states.at(-1)).toBe('done:100');
    const link = job.getByRole('link', { name: 'Download' });
    expect(await link.getAttribute('href')).not.toContain(engine.info.adminToken);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    const head = Buffer.alloc(8);
    const handle = await open(file);
    await handle.read(head, 0, 8, 0);
    await handle.close();
    expect(head.subarray(4, 8).toString()).toBe('ftyp');
    expect(download.suggestedFilename()).toMatch(/^yard_[\dTZ-]+\.mp4$/); // camera and range, not "clip.mp4"
    await shot('export');
  });

  it('checks integrity: ok, then names the segment whose byte was changed', async () => {
    await page.getByTestId('verify-start').click();
    await page.locator('[data-testid=verify-ok], [data-testid=verify-problems]').waitFor({ timeout: 30_000 });
    const result = (await page.getByTestId('verify-panel').textContent()) ?? '';
    expect(result, result).toContain('All good.');
    expect(await page.getByTestId('verify-ok').textContent()).toMatch(/\d+ recordings match their fingerprints/);
    await page.screenshot({ path: join(SHOTS, 'streamer-recordings.png') }); // README's picture of the screen

    const [victim] = await json<RecordingSegmentView[]>('/api/recordings?camera=yard');
    const path = join(tmp, 'engine', 'recordings', 'yard', victim!.file);
    const handle = await open(path, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 2000);
    await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 2000);
    await handle.close();

    await page.getByTestId('verify-start').click();
    await page.getByTestId('verify-problem-tampered').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('verify-problem-tampered').textContent()).toContain(victim!.file);
    expect(await page.getByTestId('verify-problem-tampered').textContent()).toContain('Changed after recording');
    await page.getByTestId('verify-panel').scrollIntoViewIfNeeded();
    await shot('verify');
    await page.getByTestId('verify-panel').screenshot({ path: join(SHOTS, 'streamer-recordings-verify-tampered.png') });
  });

  it('switches camera: the other camera’s footage plays', async () => {
    await page.getByTestId('rec-camera').selectOption('porch');
    await waitFor(segmentCount, (n) => n >= 2, 20_000);
    await page.getByTestId('rec-fit').click();
    await page.getByTestId('play-pause').click();
    const video = page.getByTestId('player-video');
    await waitFor(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), (w) => w === 320, 15_000);
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentSrc)).toContain('/segments/porch/porch_');
    await waitFor(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), (t) => t > 0.5, 15_000);
    // The whole screen at work on this camera: a clip exported, the footage checked, paused.
    await markSegments(0, 3);
    await page.getByTestId('export-start').click();
    await waitFor(() => page.getByTestId('export-job').first().getAttribute('data-state'), (state) => state === 'done', 30_000);
    await page.getByTestId('verify-start').click();
    await page.locator('[data-testid=verify-ok], [data-testid=verify-problems]').waitFor({ timeout: 30_000 });
    const checked = (await page.getByTestId('verify-panel').textContent()) ?? '';
    expect(checked, checked).toContain('All good.');
    await page.getByTestId('play-pause').click();
    await waitFor(() => page.getByTestId('play-pause').textContent(), (t) => (t ?? '').includes('Play'), 5000);
    await shot('porch');
  });

  it('sets a retention quota in the form; one larger than the disk is refused with a clear message', async () => {
    await page.getByTestId('rec-tab-storage').click();
    await page.getByTestId('disk-card').waitFor();
    expect(await page.getByTestId('disk-forecast').textContent()).toMatch(/Vigil writes about [\d.]+ [kMG]?B a day/);
    const storage = await json<StorageView>('/api/recordings/storage');
    expect(storage.disk!.total).toBeGreaterThan(0);
    expect(storage.cameras.find((c) => c.camera === 'yard')!.bytesPerDay).toBeGreaterThan(0);

    await page.getByTestId('storage-edit-yard').click();
    const tooBig = Math.ceil(storage.disk!.total / 1e9) + 1000;
    await page.getByTestId('rec-yard-quotaGb').fill(String(tooBig));
    await page.getByTestId('rec-yard-retentionDays').fill('0');
    await page.getByTestId('rec-yard-save').click();
    expect(await page.getByTestId('error-rec-yard-quotaGb').textContent()).toMatch(/recordings disk holds only [\d.]+ GB in total/);
    expect(await page.getByTestId('error-rec-yard-retentionDays').textContent()).toContain('more than 0');
    await shot('quota-refused');
    // The engine refuses it too, with a message naming both sizes.
    const camera = (await json<CameraView[]>('/api/cameras')).find((c) => c.config.id === 'yard')!;
    const refused = await call('PUT', '/api/cameras/yard', { ...camera.config, recording: { ...camera.config.recording, quotaBytes: tooBig * 1e9 } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/quota \([\d.]+ GB\) is larger than the recordings disk/);

    await page.getByTestId('rec-yard-quotaGb').fill('2');
    await page.getByTestId('rec-yard-retentionDays').fill('7');
    await page.getByTestId('rec-yard-save').click();
    await page.getByTestId('rec-yard-form').waitFor({ state: 'detached' });
    await waitFor(() => page.getByTestId('storage-quota-yard').textContent(), (t) => (t ?? '').includes('2.0 GB'), 10_000);
    const saved = (await json<CameraView[]>('/api/cameras')).find((c) => c.config.id === 'yard')!;
    expect(saved.config.recording).toMatchObject({ mode: 'continuous', quotaBytes: 2e9, retentionDays: 7, segmentSeconds: 4 });
    expect(saved.config.motion?.enabled).toBe(true); // the form keeps what it does not show
    await shot('storage');
    expect(pageErrors).toEqual([]);
  });
});
