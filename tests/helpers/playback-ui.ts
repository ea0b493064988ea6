/**
 * The viewer's playback screen driven in Chromium, for the playback e2e test and
 * bench/playback: the whole stack (GStreamer RTSP camera → engine recording → the viewer UI built
 * with Vite, paired through the real signalling server), opening a camera's recordings, seeking
 * on the timeline, and measuring the picture: time to the first frame after "Recordings" is
 * clicked, and how smoothly it advances at a speed (requestVideoFrameCallback, `waiting`).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Engine } from '../../apps/streamer/src/engine/engine.ts';
import { recordedYard, startLoopbackEngine } from './loopback-engine.ts';
import { buildViewer, serveStatic, waitFor } from '../viewer/harness.ts';
import { launchChromium } from './chromium.ts';
import { startRtspServer, type RtspServer } from './rtsp-server.ts';

export interface PlaybackStack {
  tmp: string;
  rtsp: RtspServer;
  engine: Engine;
  browser: Browser;
  page: Page;
  /** Admin call to the engine's control API. */
  api(method: string, path: string): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts camera, engine (camera "yard" recording 4 s segments with motion), the viewer site and Chromium. */
export async function startPlaybackStack(prefix = 'vigil-playback-'): Promise<PlaybackStack> {
  const tmp = await mkdtemp(join(tmpdir(), prefix));
  // The UI builds first: Vite in this process would starve the engine's motion pipeline.
  await buildViewer(join(tmp, 'dist'));
  const rtsp = await startRtspServer({ scene: 'ball', width: 640, height: 360, fps: 15, keyint: 15 });
  const engine = await startLoopbackEngine(join(tmp, 'engine'), { name: 'Home', cameras: [recordedYard(rtsp.url())] });
  const site = await serveStatic(join(tmp, 'dist'));
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  // tsx (the benchmarks' runner) names functions with a helper the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(site.url);
  await mkdir(join(tmp, 'out'), { recursive: true });
  return {
    tmp,
    rtsp,
    engine,
    browser,
    page,
    api: (method, path) => fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } }),
    async stop() {
      await browser.close().catch(() => undefined);
      await site.close();
      await engine.stop();
      await rtsp.stop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Pairs the viewer UI with the engine and puts camera "yard" in a one-tile layout. */
export async function pairAndShowCamera(stack: PlaybackStack): Promise<void> {
  const { page } = stack;
  const uri = ((await (await stack.api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;
  await page.getByTestId('uri-input').fill(uri);
  await page.getByTestId('uri-submit').click();
  await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t?.includes('Added'), 20_000);
  await page.getByRole('button', { name: 'Live', exact: true }).click();
  await page.getByTestId('layout-1').click();
  await page.locator('[data-testid=camera-item][data-camera=yard]').dragTo(page.locator('[data-testid=tile][data-slot="0"]'));
}

/** Steps of opening the recordings, in ms after the click (NaN: not reached). */
export interface OpenTiming {
  /** The offer went out (ICE gathered enough), the signed answer came, the channel opened. */
  offer: number;
  answer: number;
  open: number;
  /** The first frame was shown. */
  firstFrame: number;
}

/**
 * Clicks the tile's "Recordings" button and measures the ms from that click to the first video
 * frame shown by the playback screen (the session opens, lists, fetches and decodes), with the
 * steps the viewer marks on the performance timeline.
 */
export async function openRecordingsTimed(page: Page, timeoutMs = 20_000): Promise<OpenTiming> {
  await page.evaluate(() => {
    const w = window as unknown as { __firstFrame?: Promise<number>; __clicked?: number };
    performance.clearMarks();
    w.__firstFrame = new Promise<number>((resolve) => {
      let clicked = 0;
      document.addEventListener('click', (e) => {
        if ((e.target as Element).closest('[data-testid=tile-recordings]')) w.__clicked = clicked = performance.now();
      }, { capture: true, once: true });
      const watch = () => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid=playback-video]');
        if (!video || !clicked) return void setTimeout(watch, 5);
        video.requestVideoFrameCallback(() => resolve(performance.now() - clicked));
      };
      watch();
    });
  });
  const tile = page.locator('[data-testid=tile][data-slot="0"]');
  await tile.hover();
  await tile.getByTestId('tile-recordings').click();
  return page.evaluate(async (ms) => {
    const w = window as unknown as { __firstFrame: Promise<number>; __clicked: number };
    const firstFrame = await Promise.race([w.__firstFrame, new Promise<number>((resolve) => setTimeout(() => resolve(NaN), ms))]);
    const at = (step: string) => (performance.getEntriesByName(`vigil:playback:${step}`).at(-1)?.startTime ?? NaN) - w.__clicked;
    return { offer: at('offer'), answer: at('answer'), open: at('open'), firstFrame };
  }, timeoutMs);
}

const view = (page: Page) => page.getByTestId('playback');
/** A numeric data attribute of the playback screen (playhead, shown time, frames). */
export const playbackAttr = async (page: Page, name: string) => Number(await view(page).getAttribute(name));

/** Clicks the timeline where `time` is, and waits until the picture is there and can play on. */
export async function seekTo(page: Page, time: number): Promise<void> {
  const track = page.getByTestId('timeline-track');
  const box = (await track.boundingBox())!;
  const [from, to] = [Number(await track.getAttribute('aria-valuemin')), Number(await track.getAttribute('aria-valuemax'))];
  await page.mouse.click(box.x + ((time - from) / (to - from)) * box.width, box.y + box.height / 2);
  await waitFor(() => playbackAttr(page, 'data-playhead'), (t) => Math.abs(t - time) < 3000, 10_000);
  // …the picture is there (not still at the old place while the seek loads)…
  await waitFor(() => playbackAttr(page, 'data-shown'), (t) => Math.abs(t - time) < 3000, 10_000);
  // …and the media there is in: the element has frames ahead and is not seeking.
  await waitFor(() => page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid=playback-video]')!;
    return video.readyState >= 3 && !video.seeking;
  }), (ready) => ready, 10_000);
}

/** How the picture advanced while playing at a speed. */
export interface PlaybackRun {
  rate: number;
  /** Media seconds played and wall seconds it took (from the first frame after play). */
  mediaS: number;
  wallS: number;
  /** mediaS / wallS / rate: 1 is the requested speed. */
  speedRatio: number;
  /** Frame-to-frame pauses longer than `stallMs`: how many, the longest and their sum. */
  stalls: number;
  longestStallMs: number;
  stalledMs: number;
  /** `waiting` events of the element (it ran out of media). */
  waiting: number;
  /** Whether it ended by reaching `mediaSeconds` (not by the time limit). */
  complete: boolean;
  /** Where the element stood at the end: current time and buffered ranges (media s), for diagnosis. */
  end: string;
}

/**
 * Plays from where the element is at `rate` (the UI's speed button) until `mediaSeconds` of media
 * have played or `timeoutMs` passed, and measures it in the page. Pauses again afterwards.
 */
export async function measurePlayback(page: Page, rate: number, mediaSeconds: number, options: { stallMs?: number; timeoutMs?: number } = {}): Promise<PlaybackRun> {
  await page.getByTestId(`speed-${rate}`).click();
  const run = await page.evaluate(
    ({ mediaSeconds, stallMs, timeoutMs }) =>
      new Promise<Omit<PlaybackRun, 'rate' | 'speedRatio'>>((resolve) => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid=playback-video]')!;
        let waiting = 0;
        const onWaiting = () => waiting++;
        video.addEventListener('waiting', onWaiting);
        let first: { media: number; wall: number } | undefined;
        let last = 0;
        const gaps: number[] = [];
        const finish = (complete: boolean) => {
          video.removeEventListener('waiting', onWaiting);
          clearTimeout(timer);
          // A picture frozen until the end counts too.
          if (first) gaps.push(performance.now() - last);
          video.pause();
          const wall = first ? (performance.now() - first.wall) / 1000 : 0;
          const stalls = gaps.filter((gap) => gap > stallMs);
          resolve({ mediaS: first ? video.currentTime - first.media : 0, wallS: wall, stalls: stalls.length, longestStallMs: Math.round(Math.max(0, ...gaps)), stalledMs: Math.round(stalls.reduce((a, b) => a + b, 0)), waiting, complete, end: `at ${video.currentTime.toFixed(2)} of ${Array.from({ length: video.buffered.length }, (_, i) => `${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`).join(' ')}` });
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        const onFrame = (now: number) => {
          if (!first) first = { media: video.currentTime, wall: now };
          else gaps.push(now - last);
          last = now;
          if (video.currentTime - first.media >= mediaSeconds) finish(true);
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
        void video.play();
      }),
    { mediaSeconds, stallMs: options.stallMs ?? 300, timeoutMs: options.timeoutMs ?? 30_000 },
  );
  return { ...run, rate, speedRatio: run.wallS > 0 ? run.mediaS / run.wallS / rate : 0 };
}
