/**
 * What the live benchmarks share: the RTSP fixture server, Chromium with the test viewer page,
 * /proc figures and percentiles. (bench/ is its own TypeScript project, so it cannot import
 * tests/helpers; these are the same few lines.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../../tests/helpers/ports.ts';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { waitFor } from '../../tests/helpers/wait.ts';

const ROOT = new URL('../../', import.meta.url);

/** Chromium flags: headless, no sandbox, nothing that phones home, real host candidates. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

/** Launches Debian's Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Opens tests/fixtures/viewer.html; with `mse`, also the viewer's own data-channel player
 * (apps/viewer/src/renderer/webrtc/liveMse.ts, bundled) as window.LiveMse.
 */
export async function openViewerPage(browser: Browser, options: { mse?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(fileURLToPath(new URL('tests/fixtures/viewer.html', ROOT))).href);
  if (options.mse) {
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('apps/viewer/src/renderer/webrtc/liveMse.ts', ROOT));
    const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'LiveMse', write: false, logLevel: 'warning' });
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  }
  return page;
}

/** Stats of one page viewer. */
export interface ViewerStats {
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  connectedAt: number;
  /** performance.now() when ICE reached connected, 0 before. */
  iceConnectedAt: number;
  firstFrameAt: number;
  /** performance.now() when the page made the peer connection. */
  createdAt: number;
  /** performance.now() when the offer was ready (ICE gathering done), 0 before. */
  offeredAt: number;
  /** performance.now() when the data channel opened, 0 before. */
  channelOpenAt: number;
  /** Data-channel path: times the player skipped ahead to the live edge. */
  skips?: number;
}

/** One side of a candidate pair, as Chromium's getStats reports it. */
export interface PairSide {
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  address: string;
  port: number;
  protocol: string;
  relayProtocol: string | null;
}

/** The candidate pair ICE selected (transport.selectedCandidatePairId), from the page's side. */
export interface SelectedPair {
  state: string;
  nominated: boolean;
  /** Seconds, from STUN consent checks; null before the first. */
  currentRoundTripTime: number | null;
  local: PairSide;
  remote: PairSide;
}

/** A page peer connection, driven through window.vigil. */
export interface PageViewer {
  offer: string;
  accept(sdp: string): Promise<void>;
  stats(): Promise<ViewerStats>;
  /** null until ICE has selected a pair. */
  selectedPair(): Promise<SelectedPair | null>;
  latencies(): Promise<number[]>;
  callbackLatencies(): Promise<number[]>;
  close(): Promise<void>;
}

/** Creates a page viewer whose offer carries every candidate (non-trickle); `rtc` replaces the default `{ iceServers: [] }`. */
export async function createViewer(page: Page, options: { stamps?: boolean; video?: boolean; rtc?: RTCConfiguration; mse?: boolean } = {}): Promise<PageViewer> {
  const { id, offer } = (await page.evaluate(`window.vigil.create(${JSON.stringify(options)})`)) as { id: number; offer: string };
  const call = <T>(name: string, ...args: unknown[]) => page.evaluate(`window.vigil.${name}(${[id, ...args].map((arg) => JSON.stringify(arg)).join(',')})`) as Promise<T>;
  return {
    offer,
    accept: (sdp) => call('accept', sdp),
    stats: () => call('stats'),
    selectedPair: () => call('selectedPair'),
    latencies: () => call('latencies'),
    callbackLatencies: () => call('callbackLatencies'),
    close: () => call('close'),
  };
}

/** A running RTSP fixture. */
export interface RtspServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts tests/fixtures/rtsp-server.py (H.264 640x360 15 fps) on a free port. */
export async function startRtspServer(extra: string[] = []): Promise<RtspServer> {
  const port = await freePort();
  const script = fileURLToPath(new URL('tests/fixtures/rtsp-server.py', ROOT));
  const child = spawn('/usr/bin/python3', [script, '--port', String(port), ...extra], { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('rtsp-server.py did not start');
    await sleep(100);
  }
  return { url: `rtsp://127.0.0.1:${port}/cam`, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after 3 s; resolves on exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves after ms. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts `manager` with camera "stamp" (bench/live/stamp.ts's FIFO, encoded once by the engine)
 * and camera "rtsp" (copied), and waits until both are live.
 */
export async function startStampAndRtspCameras(manager: CameraManager, fifo: string, rtspUrl: string): Promise<void> {
  await manager.start();
  await manager.upsert({ id: 'stamp', name: 'Stamp', source: { kind: 'file', path: fifo, loop: false } });
  await manager.upsert({ id: 'rtsp', name: 'RTSP', source: { kind: 'rtsp', url: rtspUrl } });
  for (const id of ['stamp', 'rtsp']) {
    await waitFor(async () => manager.states(), (list) => list.some((state) => state.id === id && state.state === 'live'), 20_000, { what: `camera ${id} live` });
  }
}

/** The tests' wait, which throws on timeout: a bench that waited in vain has no figure to give. */
export { waitFor } from '../../tests/helpers/wait.ts';

/** CPU ticks (user+sys) and RSS of a process from /proc; zeros when it is gone. */
export function procFigures(pid: number): { ticks: number; userTicks: number; sysTicks: number; rssBytes: number; ppid: number; comm: string } {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), userTicks: Number(fields[11]), sysTicks: Number(fields[12]), rssBytes: Number(fields[21]) * 4096, ppid: Number(fields[1]), comm: text.slice(text.indexOf('(') + 1, close) };
  } catch {
    return { ticks: 0, userTicks: 0, sysTicks: 0, rssBytes: 0, ppid: 0, comm: '' };
  }
}

/** /proc clock ticks per second (USER_HZ). */
export const CLOCK_TICKS = 100;

/** CPU % of one core used by the given processes over `ms`, in total and by process name. */
export async function cpuOver(pids: () => number[], ms: number): Promise<{ total: number; byName: Record<string, number> }> {
  const before = new Map(pids().map((pid) => [pid, procFigures(pid)]));
  await sleep(ms);
  const byName: Record<string, number> = {};
  let total = 0;
  const percent = (ticks: number) => (ticks / CLOCK_TICKS / (ms / 1000)) * 100;
  for (const pid of pids()) {
    const figures = procFigures(pid);
    const start = before.get(pid);
    const user = percent(figures.userTicks - (start?.userTicks ?? 0));
    const sys = percent(figures.sysTicks - (start?.sysTicks ?? 0));
    byName[figures.comm] = (byName[figures.comm] ?? 0) + user + sys;
    byName[`${figures.comm} (sys)`] = (byName[`${figures.comm} (sys)`] ?? 0) + sys;
    total += user + sys;
  }
  return { total, byName };
}

/** The p-th percentile (0-100) of values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
