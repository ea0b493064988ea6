/**
 * Live-view latency: glass-to-glass (a frame stamped with the wall clock when it is made, read
 * back by Chromium when it is shown) and connection-up to first frame.
 *
 *   npx tsx bench/live/latency.ts [--seconds 30] [--rounds 5] [--joins 10] [--low-latency-playout]
 *
 * Source: bench/live/stamp.ts writes 640×360 15 fps y4m into a FIFO; the engine's ffmpeg encodes it
 * once (libx264 ultrafast/zerolatency) → H.264 RTP → werift → Chromium on 192.0.2.2 (same machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCameraManager, type CameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { startStampSource } from './stamp.ts';
import { createViewer, launchChromium, openViewerPage, percentile, sleep, startRtspServer, startStampAndRtspCameras, waitFor, type PageViewer } from './support.ts';
import type { Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '5' },
    joins: { type: 'string', default: '10' },
    'low-latency-playout': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const joins = Number(values.joins);
const rounds = Math.max(1, Number(values.rounds));

async function connect(manager: CameraManager, page: Page, cameraId: string, stamps: boolean): Promise<{ viewer: PageViewer; close: () => Promise<void> }> {
  const viewer = await createViewer(page, { stamps });
  const session = await manager.openSession({ cameraId, offerSdp: viewer.offer });
  await viewer.accept(session.answerSdp);
  return { viewer, close: async () => { await viewer.close(); await session.close(); } };
}

async function timeToFirstFrame(manager: CameraManager, page: Page, cameraId: string): Promise<{ fromIce: number[]; fromDtls: number[] }> {
  const fromIce: number[] = [];
  const fromDtls: number[] = [];
  for (let round = 0; round < joins; round++) {
    const { viewer, close } = await connect(manager, page, cameraId, false);
    const stats = await waitFor(() => viewer.stats(), (value) => value.firstFrameAt > 0, 10_000, { every: 20 });
    if (stats.firstFrameAt > 0) {
      fromIce.push(stats.firstFrameAt - stats.iceConnectedAt);
      fromDtls.push(stats.firstFrameAt - stats.connectedAt);
    }
    await close();
    await sleep(300);
  }
  return { fromIce, fromDtls };
}

const format = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;

const dir = mkdtempSync(join(tmpdir(), 'vigil-latency-'));
const fifo = join(dir, 'stamp.y4m');
const manager = createCameraManager({ lowLatencyPlayout: values['low-latency-playout'] });
const source = startStampSource(fifo);
const rtsp = await startRtspServer();
const browser = await launchChromium();
try {
  await startStampAndRtspCameras(manager, fifo, rtsp.url);
  const page = await openViewerPage(browser);

  // Several fresh sessions: Chromium settles each one at its own playout delay (vsync phase,
  // jitter estimate), so one session alone can land high or low.
  const latencies: number[] = [];
  const callbackLatencies: number[] = [];
  const roundMedians: number[] = [];
  let decoded = { frameWidth: 0, frameHeight: 0 };
  for (let round = 0; round < rounds; round++) {
    const { viewer, close } = await connect(manager, page, 'stamp', true);
    await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 15, 10_000);
    await sleep(2000);
    await viewer.latencies();
    await viewer.callbackLatencies();
    await sleep((seconds * 1000) / rounds);
    const these = (await viewer.latencies()).filter((value) => value > -1000 && value < 5000);
    callbackLatencies.push(...(await viewer.callbackLatencies()).filter((value) => value > -1000 && value < 5000));
    latencies.push(...these);
    roundMedians.push(percentile(these, 50));
    decoded = await viewer.stats();
    await close();
  }

  const rtspJoin = await timeToFirstFrame(manager, page, 'rtsp');
  const stampJoin = await timeToFirstFrame(manager, page, 'stamp');

  console.log(`machine load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (2 cores)`);
  console.log(`per-session medians: ${roundMedians.map((value) => value.toFixed(1)).join(' ')} ms`);
  console.log(`deciles: ${[10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99].map((p) => percentile(latencies, p).toFixed(0)).join(" ")}`);
  console.log(`glass-to-glass${values['low-latency-playout'] ? ' (playout-delay 0)' : ''}, 640x360 15 fps, libx264 encode in the engine: ${format(latencies)}; ${decoded.frameWidth}x${decoded.frameHeight}`);
  console.log(`stamp -> frame callback in the page (Date.now(), no display estimate): ${format(callbackLatencies)}`);
  console.log(`ICE connected -> first frame shown, RTSP H.264 copy camera: ${format(rtspJoin.fromIce)}`);
  console.log(`DTLS connected -> first frame shown, RTSP H.264 copy camera: ${format(rtspJoin.fromDtls)}`);
  console.log(`ICE connected -> first frame shown, encoded camera: ${format(stampJoin.fromIce)}`);
  console.log(JSON.stringify({ glassToGlass: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), n: latencies.length }, firstFrameFromIce: { rtspP50: percentile(rtspJoin.fromIce, 50), rtspMax: Math.max(...rtspJoin.fromIce), encodedP50: percentile(stampJoin.fromIce, 50) } }));
} finally {
  await manager.stop();
  await browser.close();
  await source.stop();
  await rtsp.stop();
  rmSync(dir, { recursive: true, force: true });
}
