/**
 * The data-channel live path with the camera's sound (issues 21 and 17): a GStreamer RTSP camera
 * with H.264 640×360 15 fps and an AAC 440 Hz tone.
 *
 *   - A/V offset: the engine's own CameraSupervisor (one ffmpeg: the picture copied, the sound
 *     encoded once to Opus, one `-start_time_realtime` for both RTP outputs) fills two feeds, and
 *     an MseStream takes them as a fallback session does. For every sound packet: where it went on
 *     the picture's timeline against where both feeds' sender reports put it. The browser plays
 *     both tracks of the one SourceBuffer on that timeline, so this is the offset the path adds.
 *     Also the channel's bytes for sound and picture.
 *   - CPU of the engine (+ its ffmpeg) in a child process, the quiet camera and the one with sound
 *     side by side: no viewer, 2 fallback viewers of the quiet one, 2 of the one with sound
 *     (Chromium without H.264 in its offer, the viewer's own player); and each of those viewers'
 *     first frame after its data channel opened (MediaSource plays only where both tracks have
 *     media, so the sound could hold the first picture back).
 *
 *   npx tsx bench/live/fallback-sound.ts [--seconds 30] [--cpu-seconds 15]
 *
 * Target: |offset| ≤ 45 ms (ITU-R BT.1359: sound ahead of the picture by more than about 45 ms
 * is noticed; mse-sound.ts keeps packets within −10…+30 ms by construction, this checks it).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CameraConfig } from '@vigil/shared/config';
import { CameraSupervisor } from '../../apps/streamer/src/engine/camera/supervisor.ts';
import { LiveFeed } from '../../apps/streamer/src/engine/live/feed.ts';
import { MseStream } from '../../apps/streamer/src/engine/live/mse-stream.ts';
import { startEngineChild, type EngineChild } from './engine-driver.ts';
import { cpuOver, createViewer, launchChromium, openViewerPage, percentile, sleep, startRtspServer, waitFor, type PageViewer } from './support.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, 'cpu-seconds': { type: 'string', default: '15' } } });
const seconds = Number(values.seconds);
const cpuSeconds = Number(values['cpu-seconds']);

const quiet = await startRtspServer();
const sound = await startRtspServer(['--audio', 'aac', '--tone', '440']);
let engine: EngineChild | undefined;
const browser = await launchChromium();
try {
  // A/V offset: the engine's supervisor and feeds, one MseStream on them.
  const feeds = { main: new LiveFeed(), audio: new LiveFeed({ audio: true }) };
  await Promise.all([feeds.main.start(), feeds.audio.start()]);
  let live = false;
  const supervisor = new CameraSupervisor(CameraConfig.parse({ id: 'cam', name: 'Cam', source: { kind: 'rtsp', url: sound.url } }), feeds, {}, (state) => {
    live = state.state === 'live';
  });
  supervisor.start();
  // The first ffmpeg maps no sound; once its listing names AAC it restarts with the sound encoded.
  await waitFor(() => live && supervisor.audio?.live === 'encode', Boolean, 30_000, { what: 'the camera live with its sound' });
  await waitFor(() => feeds.main.senderReport && feeds.audio.senderReport, Boolean, 10_000, { what: 'sender reports of both feeds' });
  const bytes = { picture: 0, sound: 0 };
  let current: keyof typeof bytes = 'picture';
  const channel = { readyState: 'open', bufferedAmount: 0, send: (data: Buffer | string) => void (bytes[current] += data.length) };
  const stream = new MseStream(channel, 'browser-lacks-h264', 'h264', {}, { video: () => feeds.main.senderReport, audio: () => feeds.audio.senderReport });
  // As a session starts it: the cached GOP, silence under it, then live packets.
  for (const packet of feeds.main.cached()) stream.push(packet);
  stream.primeSound();
  const offsets: number[] = [];
  feeds.main.attach({ push: (packet) => ((current = 'picture'), stream.push(packet)) });
  feeds.audio.attach({
    push: (packet) => {
      current = 'sound';
      const before = bytes.sound;
      stream.pushAudio(packet);
      if (bytes.sound > before && stream.soundOffsetMs !== undefined) offsets.push(stream.soundOffsetMs);
    },
  });
  await sleep(seconds * 1000);
  await supervisor.stop();
  await Promise.all([feeds.main.stop(), feeds.audio.stop()]);
  const abs = offsets.map(Math.abs);

  // CPU: the engine in a child process, both cameras, 0 / 2 quiet fallback / 2 fallback with sound.
  engine = await startEngineChild();
  await engine.addRtspCamera('quiet', quiet.url);
  await engine.addRtspCamera('sound', sound.url);
  const child = engine;
  await waitFor(() => child.call('stats', { cameraId: 'sound' }), (r) => (r.states as Array<{ id: string; audio?: { live: string } }>).some((s) => s.id === 'sound' && s.audio?.live === 'encode'), 30_000, { what: 'the engine’s camera with its sound' });
  const page = await openViewerPage(browser, { mse: true });
  const cpu = { none: 0, quiet: 0, sound: 0 };
  const firstFrame: Record<'quiet' | 'sound', number[]> = { quiet: [], sound: [] };
  for (const cameraId of ['none', 'quiet', 'sound', 'none'] as const) {
    await child.call('close-all');
    const viewers: PageViewer[] = [];
    if (cameraId !== 'none') {
      for (let i = 0; i < 2; i++) {
        const viewer = await createViewer(page, { mse: true });
        await viewer.accept((await child.call('open', { cameraId, offer: viewer.offer })).answer as string);
        viewers.push(viewer);
      }
      for (const viewer of viewers) {
        const stats = await waitFor(() => viewer.stats(), (s) => s.framesDecoded > 5, 15_000, { what: `${cameraId} fallback viewer decoding` });
        firstFrame[cameraId].push(stats.firstFrameAt - stats.channelOpenAt);
      }
    }
    await sleep(3000);
    const { total } = await cpuOver(() => child.pids(), cpuSeconds * 1000);
    cpu[cameraId] = cameraId === 'none' && cpu.none > 0 ? (cpu.none + total) / 2 : total; // two no-viewer windows, averaged
    for (const viewer of viewers) await viewer.close();
  }

  console.log(`fallback with sound, ${seconds} s, load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores)`);
  console.log(`  sound placed against the camera's clock (ms, + later): p50 ${percentile(offsets, 50).toFixed(1)}, p10 ${percentile(offsets, 10).toFixed(1)}, p90 ${percentile(offsets, 90).toFixed(1)}; |offset| p99 ${percentile(abs, 99).toFixed(1)}, max ${Math.max(...abs).toFixed(1)} (n=${offsets.length}) — target ≤ 45 ms`);
  console.log(`  channel bytes: picture ${(bytes.picture / seconds / 1000).toFixed(1)} kB/s, sound ${(bytes.sound / seconds / 1000).toFixed(1)} kB/s`);
  console.log(`  CPU, engine + ffmpeg, 2 cameras: no viewer ${cpu.none.toFixed(2)} %, 2 fallback viewers of the quiet camera ${cpu.quiet.toFixed(2)} %, 2 of the camera with sound ${cpu.sound.toFixed(2)} % of a core`);
  console.log(`  first frame after the data channel opened (ms): quiet camera ${firstFrame.quiet.map((v) => v.toFixed(0)).join(' ')}, camera with sound ${firstFrame.sound.map((v) => v.toFixed(0)).join(' ')} — target ≤ 500 ms`);
  console.log(`  per fallback viewer over the no-viewer figure: quiet ${((cpu.quiet - cpu.none) / 2).toFixed(2)} %, with sound ${((cpu.sound - cpu.none) / 2).toFixed(2)} % of a core`);
} finally {
  await engine?.stop();
  await browser.close();
  await Promise.all([quiet.stop(), sound.stop()]);
}
