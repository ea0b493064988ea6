/**
 * The data-channel live path (fMP4 over the session's data channel, played by the viewer's own
 * LiveMsePlayer with MediaSource) against the WebRTC video track, in the same run, in Chromium
 * whose offer leaves H.264 out for the fallback sessions (as Firefox without OpenH264 does):
 *
 *   - glass-to-glass: a frame stamped with the wall clock when it is made (bench/live/stamp.ts,
 *     encoded once by the engine's ffmpeg), read back when Chromium shows it; rounds alternate
 *     between the two paths, each a fresh session;
 *   - first frame: the data channel open → first frame shown (fallback), DTLS connected → first
 *     frame shown (WebRTC), on an H.264 RTSP camera that is copied (the GStreamer fixture);
 *   - CPU of the engine (+ its ffmpeg) in a child process with 0, 2 WebRTC and 2 fallback viewers.
 *
 *   npx tsx bench/live/fallback.ts [--seconds 24] [--rounds 6] [--joins 8] [--cpu-seconds 15]
 *
 * Targets (issue 21): first frame ≤ 500 ms after the channel opens; glass-to-glass p50 ≤ 250 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { createCameraManager, type CameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { startEngineChild, type EngineChild } from './engine-driver.ts';
import { startStampSource } from './stamp.ts';
import { cpuOver, createViewer, launchChromium, openViewerPage, percentile, sleep, startRtspServer, startStampAndRtspCameras, waitFor, type PageViewer } from './support.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '24' },
    rounds: { type: 'string', default: '6' },
    joins: { type: 'string', default: '8' },
    'cpu-seconds': { type: 'string', default: '15' },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(2, Number(values.rounds));
const joins = Number(values.joins);
const cpuSeconds = Number(values['cpu-seconds']);

type Path = 'webrtc' | 'mse';
const PATHS: Path[] = ['webrtc', 'mse'];

async function connect(open: (offer: string) => Promise<{ answer: string; close(): Promise<void> }>, page: Page, path: Path, stamps: boolean): Promise<{ viewer: PageViewer; close: () => Promise<void> }> {
  const viewer = await createViewer(page, { stamps, mse: path === 'mse' });
  const session = await open(viewer.offer);
  await viewer.accept(session.answer);
  return { viewer, close: async () => { await viewer.close(); await session.close(); } };
}

const inProcess = (manager: CameraManager, cameraId: string) => async (offer: string) => {
  const session = await manager.openSession({ cameraId, offerSdp: offer });
  return { answer: session.answerSdp, close: () => session.close() };
};

const format = (list: number[]) => `p50 ${percentile(list, 50).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms, max ${Math.max(...list).toFixed(1)} ms (n=${list.length})`;

const dir = mkdtempSync(join(tmpdir(), 'vigil-fallback-'));
const fifo = join(dir, 'stamp.y4m');
const manager = createCameraManager();
const source = startStampSource(fifo);
const rtsp = await startRtspServer();
const browser = await launchChromium();
let engine: EngineChild | undefined;
try {
  await startStampAndRtspCameras(manager, fifo, rtsp.url);
  const page = await openViewerPage(browser, { mse: true });

  // Glass-to-glass, rounds alternating between the paths.
  const latency: Record<Path, number[]> = { webrtc: [], mse: [] };
  const medians: Record<Path, number[]> = { webrtc: [], mse: [] };
  const sizes: Record<Path, string> = { webrtc: '', mse: '' };
  let skips = 0;
  for (let round = 0; round < rounds; round++) {
    const path = PATHS[round % 2]!;
    const { viewer, close } = await connect(inProcess(manager, 'stamp'), page, path, true);
    await waitFor(() => viewer.stats(), (s) => s.framesDecoded > 15, 15_000, { what: `${path} frames` });
    await sleep(2000);
    await viewer.latencies();
    await sleep((seconds * 1000) / rounds);
    const these = (await viewer.latencies()).filter((v) => v > -1000 && v < 5000);
    latency[path].push(...these);
    medians[path].push(percentile(these, 50));
    const stats = await viewer.stats();
    sizes[path] = `${stats.frameWidth}x${stats.frameHeight}`;
    if (path === 'mse') skips += stats.skips ?? 0;
    await close();
  }

  // First frame on the copied RTSP camera: fresh sessions, one path after the other.
  const firstFrame: Record<Path, number[]> = { webrtc: [], mse: [] };
  for (let join = 0; join < joins * 2; join++) {
    const path = PATHS[join % 2]!;
    const { viewer, close } = await connect(inProcess(manager, 'rtsp'), page, path, false);
    const stats = await waitFor(() => viewer.stats(), (s) => s.firstFrameAt > 0, 10_000, { what: `${path} first frame`, every: 10 });
    firstFrame[path].push(stats.firstFrameAt - (path === 'mse' ? stats.channelOpenAt : stats.connectedAt));
    await close();
    await sleep(300);
  }
  await manager.stop();

  // CPU: the engine alone in a child process, 0, 2 WebRTC and 2 fallback viewers of one RTSP camera.
  engine = await startEngineChild();
  await engine.addRtspCamera('cam', rtsp.url);
  const child = engine;
  const viaChild = async (offer: string) => {
    const reply = await child.call('open', { cameraId: 'cam', offer });
    return { answer: reply.answer as string, close: async () => undefined };
  };
  const cpuPage = await openViewerPage(browser, { mse: true });
  const cpu: Record<Path | 'none', number> = { none: 0, webrtc: 0, mse: 0 };
  for (const path of ['none', 'webrtc', 'mse', 'none'] as const) {
    await child.call('close-all');
    const viewers: PageViewer[] = [];
    if (path !== 'none') {
      for (let i = 0; i < 2; i++) viewers.push((await connect(viaChild, cpuPage, path, false)).viewer);
      for (const viewer of viewers) await waitFor(() => viewer.stats(), (s) => s.framesDecoded > 5, 15_000, { what: `${path} viewer decoding` });
    }
    await sleep(3000);
    const { total } = await cpuOver(() => child.pids(), cpuSeconds * 1000);
    cpu[path] = path === 'none' && cpu.none > 0 ? (cpu.none + total) / 2 : total; // two no-viewer windows, averaged
    for (const viewer of viewers) await viewer.close();
  }

  console.log(`machine load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores)`);
  for (const path of PATHS) {
    console.log(`glass-to-glass, ${path === 'mse' ? 'data channel + MediaSource' : 'WebRTC track'}, 640x360 15 fps (libx264 in the engine), decoded ${sizes[path]}: ${format(latency[path])}; per-session medians ${medians[path].map((v) => v.toFixed(0)).join(' ')} ms`);
  }
  console.log(`fallback player skips to the live edge: ${skips} over ${Math.floor(rounds / 2)} sessions`);
  console.log(`first frame, data channel open -> shown (fallback), RTSP H.264 copy camera: ${format(firstFrame.mse)}`);
  console.log(`first frame, DTLS connected -> shown (WebRTC), RTSP H.264 copy camera: ${format(firstFrame.webrtc)}`);
  console.log(`CPU, engine + ffmpeg, 1 RTSP camera: no viewer ${cpu.none.toFixed(2)} %, 2 WebRTC viewers ${cpu.webrtc.toFixed(2)} %, 2 fallback viewers ${cpu.mse.toFixed(2)} % of a core`);
  console.log(`per viewer over the no-viewer figure: WebRTC ${((cpu.webrtc - cpu.none) / 2).toFixed(2)} %, fallback ${((cpu.mse - cpu.none) / 2).toFixed(2)} % of a core`);
  console.log(JSON.stringify({ glassToGlassP50: { webrtc: percentile(latency.webrtc, 50), mse: percentile(latency.mse, 50) }, firstFrameP50: { webrtc: percentile(firstFrame.webrtc, 50), mse: percentile(firstFrame.mse, 50) }, cpu }));
} finally {
  await manager.stop().catch(() => undefined);
  await engine?.stop();
  await browser.close();
  await source.stop();
  await rtsp.stop();
  rmSync(dir, { recursive: true, force: true });
}
