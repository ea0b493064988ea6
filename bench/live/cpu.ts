/**
 * Live-view CPU: the engine (its Node process + its ffmpeg) serving one H.264 RTSP camera to
 * Chromium viewers, against a decode-and-re-encode pipeline of the same stream (one ffmpeg that
 * decodes the RTSP stream and runs one libx264 encode per viewer, as a server that transcodes per
 * viewer would), measured in the same run. Also 1/4/8/16 viewers and memory per camera.
 *
 *   npx tsx bench/live/cpu.ts [--seconds 15] [--width 640 --height 360 --bitrate 800]
 *     [--counts 1,4,8,16] [--compare-werift [--rounds 3]] [--cpu-prof dir]
 *
 * --compare-werift also runs a second engine whose sessions use werift's own SRTP and ICE send path
 * (the path before live/srtp.ts and live/route.ts); both serve 2 viewers at once and are measured
 * over the same windows (--rounds of them).
 * Figures: user+sys ticks from /proc over the window, as % of one core. The RTSP server's and
 * Chromium's CPU are not counted.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startEngineChild, type EngineChild } from './engine-driver.ts';
import { cpuOver, createViewer, launchChromium, openViewerPage, procFigures, sleep, startRtspServer, stopChild, waitFor, type PageViewer } from './support.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    width: { type: 'string', default: '640' },
    height: { type: 'string', default: '360' },
    bitrate: { type: 'string', default: '800' },
    counts: { type: 'string', default: '1,4,8,16' },
    'compare-werift': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    // Writes a V8 CPU profile of the engine process into this directory (node --cpu-prof).
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const counts = values.counts.split(',').filter(Boolean).map(Number);
const rounds = Number(values.rounds);

/** Viewers of one engine's camera in one Chromium page, and CPU windows over them. */
class Bench {
  private viewers: PageViewer[] = [];
  private page: Page | undefined;

  constructor(
    private readonly engine: EngineChild,
    private readonly browser: Browser,
  ) {}

  async setViewers(count: number): Promise<void> {
    await this.engine.call('close-all');
    for (const viewer of this.viewers) await viewer.close();
    this.viewers = [];
    if (count === 0) return;
    this.page ??= await openViewerPage(this.browser);
    const page = this.page;
    for (let index = 0; index < count; index++) {
      // No <video> element: Chromium still decodes every frame (framesDecoded), but does not paint them.
      const viewer = await createViewer(page, { video: false });
      const reply = await this.engine.call('open', { cameraId: 'cam', offer: viewer.offer });
      await viewer.accept(reply.answer as string);
      this.viewers.push(viewer);
    }
    for (const viewer of this.viewers) await waitFor(() => viewer.stats(), (value) => value.framesDecoded > 5, 15_000);
  }

  async measure(count: number) {
    await this.setViewers(count);
    // Let closed sessions be collected and handshakes finish before a window opens.
    await sleep(3000);
    const decodedBefore = await Promise.all(this.viewers.map((viewer) => viewer.stats()));
    const { total: cpu, byName } = await cpuOver(() => this.engine.pids(), seconds * 1000);
    const decodedAfter = await Promise.all(this.viewers.map((viewer) => viewer.stats()));
    const fps = decodedAfter.map((after, index) => (after.framesDecoded - decodedBefore[index]!.framesDecoded) / seconds);
    const stats = (await this.engine.call('stats', { cameraId: 'cam' })).stats as { fps: number; bitrateKbps: number };
    const split = Object.entries(byName).map(([name, percent]) => `${name} ${percent.toFixed(2)} %`).join(', ');
    return { cpu, split, minFps: fps.length ? Math.min(...fps) : 0, stats };
  }
}

const print = (line: string) => console.log(line);
const rtsp = await startRtspServer(['--width', values.width, '--height', values.height, '--bitrate', values.bitrate]);
const browser = await launchChromium();
const engine = await startEngineChild({ cpuProfileDir: values['cpu-prof'] });
try {
  await sleep(1000);
  const idleRss = procFigures(engine.pid).rssBytes;
  await engine.addRtspCamera('cam', rtsp.url);
  const bench = new Bench(engine, browser);
  // Warm-up: JIT and the first DTLS handshakes would otherwise land in the first window.
  await bench.setViewers(2);
  await sleep(5000);
  const none = await bench.measure(0);
  const two = await bench.measure(2);
  const rss = engine.pids().map((pid) => ({ pid, figures: procFigures(pid) }));
  const engineRss = rss.find((entry) => entry.pid === engine.pid)!.figures.rssBytes;
  const ffmpegRss = rss.filter((entry) => entry.pid !== engine.pid).reduce((sum, entry) => sum + entry.figures.rssBytes, 0);
  await bench.setViewers(0);

  // Both send paths side by side: two engines on the same camera, 2 viewers each, measured over
  // the same windows, so the machine's other load weighs on both alike.
  const paired: Array<{ lean: number; werift: number }> = [];
  if (values['compare-werift']) {
    const other = await startEngineChild({ weriftSrtp: true });
    const otherBench = new Bench(other, browser);
    try {
      await other.addRtspCamera('cam', rtsp.url);
      await bench.setViewers(2);
      await otherBench.setViewers(2);
      await sleep(5000);
      for (let round = 0; round < rounds; round++) {
        const [lean, werift] = await Promise.all([cpuOver(() => engine.pids(), seconds * 1000), cpuOver(() => other.pids(), seconds * 1000)]);
        paired.push({ lean: lean.total, werift: werift.total });
      }
      await otherBench.setViewers(0);
      await bench.setViewers(0);
    } finally {
      await other.stop();
    }
  }

  // The reference: decode the same RTSP stream and encode it once per viewer (2), sending RTP to a sink.
  const sink = createSocket('udp4');
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
  sink.on('message', () => undefined);
  const port = sink.address().port;
  const encode = () => ['-map', '0:v:0', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-g', '15', '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=1200&rtcpport=${port}`];
  const reencode = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', rtsp.url, ...encode(), ...encode()], { stdio: 'ignore' });
  await sleep(3000);
  const reencodeCpu = (await cpuOver(() => [reencode.pid!], seconds * 1000)).total;
  await stopChild(reencode);
  sink.close();

  print(`machine load average: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (2 cores)`);
  print(`1 H.264 RTSP camera, no viewer: engine + ffmpeg ${none.cpu.toFixed(2)} % of a core [${none.split}]`);
  print(`1 H.264 RTSP camera (${values.width}x${values.height} 15 fps, ${two.stats.bitrateKbps} kb/s), 2 Chromium viewers: engine + ffmpeg ${two.cpu.toFixed(2)} % of a core [${two.split}] (viewers decoding ${two.minFps.toFixed(1)} fps or more)`);
  print(`decode + libx264 re-encode per viewer (2 viewers), same stream, same run: ${reencodeCpu.toFixed(2)} % of a core`);
  print(`ratio: re-encode / engine = ${(reencodeCpu / two.cpu).toFixed(1)}x`);
  print(`per viewer: ${((two.cpu - none.cpu) / 2).toFixed(2)} % of a core ((2 viewers - none) / 2)`);
  if (paired.length > 0) {
    const sum = (key: 'lean' | 'werift') => paired.reduce((total, round) => total + round[key], 0) / paired.length;
    print(`send paths side by side, 2 viewers each, ${paired.length} windows of ${seconds} s: ` + paired.map((round) => `${round.lean.toFixed(2)} vs ${round.werift.toFixed(2)}`).join(', ') + ' % of a core');
    print(`  lean path (srtp.ts + route.ts) ${sum('lean').toFixed(2)} %, werift's SRTP + ICE send path ${sum('werift').toFixed(2)} % (engine + ffmpeg, mean); per viewer over the no-viewer figure: ${((sum('lean') - none.cpu) / 2).toFixed(2)} % vs ${((sum('werift') - none.cpu) / 2).toFixed(2)} %`);
  }
  for (const count of counts) {
    const result = await bench.measure(count);
    print(`${String(count).padStart(2)} viewers: engine + ffmpeg ${result.cpu.toFixed(2)} % of a core [${result.split}] (slowest viewer ${result.minFps.toFixed(1)} fps decoded)`);
  }
  await bench.setViewers(0);
  print(`memory: engine process ${(idleRss / 2 ** 20).toFixed(1)} MiB idle, ${(engineRss / 2 ** 20).toFixed(1)} MiB with the camera and 2 viewers (+${((engineRss - idleRss) / 2 ** 20).toFixed(1)} MiB); its ffmpeg ${(ffmpegRss / 2 ** 20).toFixed(1)} MiB RSS`);
} finally {
  await engine.stop();
  await browser.close();
  await rtsp.stop();
}
