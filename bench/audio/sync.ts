/**
 * Lip sync at the viewer: a GStreamer camera sending H.264 and an AAC tone → the engine (Opus
 * encoded once, RTCP sender reports on ffmpeg's shared timeline, see live/sync.ts) → Chromium.
 * Chromium's inbound-rtp stats give, for each track, `estimatedPlayoutTimestamp`: the sender's
 * capture time (NTP, from the reports) of what it plays now. Their difference, read in one
 * getStats call, is how far the picture plays ahead of (+) or behind (−) the sound.
 *
 *   npx tsx bench/audio/sync.ts [--seconds 30]
 *
 * Target: |offset| ≤ 80 ms (ITU-R BT.1359's detectability range is about −125…+45 ms).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { createViewer, launchChromium, openViewerPage } from '../../tests/helpers/chromium.ts';
import { startRtspServer } from '../../tests/helpers/rtsp-server.ts';
import { percentile, sleep, waitFor } from '../live/support.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } });
const seconds = Number(values.seconds);

const camera = await startRtspServer({ audio: 'aac' });
const manager = createCameraManager();
await manager.start();
await manager.upsert({ id: 'cam', name: 'Cam', source: { kind: 'rtsp', url: camera.url() } });
await waitFor(async () => manager.states()[0], (s) => s?.state === 'live' && s.audio?.live === 'encode', 30_000, { what: 'the camera live with sound' });
const browser = await launchChromium();
const page = await openViewerPage(browser);
// Keeps the page's peer connections reachable for getStats.
await page.evaluate(`(() => { const Native = window.RTCPeerConnection; window.pcs = []; window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.pcs.push(pc); return pc; }; })()`);
const viewer = await createViewer(page, { audio: true });
const session = await manager.openSession({ cameraId: 'cam', offerSdp: viewer.offer });
await viewer.accept(session.answerSdp);
await waitFor(() => viewer.stats(), (s) => s.framesDecoded > 30, 30_000, { what: 'video decoding' });

const offsets: number[] = [];
const read = () =>
  page.evaluate(`(async () => {
    const out = {};
    (await window.pcs[0].getStats()).forEach((s) => { if (s.type === 'inbound-rtp') out[s.kind] = s.estimatedPlayoutTimestamp; });
    return out;
  })()`) as Promise<{ audio?: number; video?: number }>;
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  const { audio, video } = await read();
  if (audio && video) offsets.push(video - audio);
  await sleep(250);
}
console.log(`lip sync at the viewer, ${seconds} s, ${offsets.length} readings, load ${loadavg()[0]!.toFixed(1)}`);
if (offsets.length === 0) console.log('  no estimatedPlayoutTimestamp for both tracks: the browser got no sender reports');
else {
  const abs = offsets.map(Math.abs);
  console.log(`  video − audio playout (ms): median ${percentile(offsets, 50).toFixed(0)}, p10 ${percentile(offsets, 10).toFixed(0)}, p90 ${percentile(offsets, 90).toFixed(0)}; |offset| p90 ${percentile(abs, 90).toFixed(0)} — target ≤ 80 ms`);
}
await browser.close();
await manager.stop();
await camera.stop();
