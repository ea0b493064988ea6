/**
 * Remote viewing, measured route by route in the network lab (tests/helpers/netlab.ts) with real
 * parts: miniupnpd, coturn (STUN, TURN with REST credentials), nftables NATs, the engine's camera
 * manager and remote-access modules in the home namespace (bench/remote/engine-side.ts, in a lab
 * agent), Chromium in the home or away namespace with tests/fixtures/viewer.html.
 *
 *   npx tsx bench/remote/run.ts [--seconds 20] [--rounds 2] [--joins 5] [--routes lan,upnp,srflx,turn]
 *
 * Per route: the candidate pair Chromium selected (checked against the route, else an error),
 * its RTT, time to the first decoded frame over `joins` fresh sessions, glass-to-glass latency of
 * stamped frames (bench/live/stamp.ts, written by a second agent in the home namespace) for
 * `seconds`, and the engine agent's CPU per second with that one viewer against the idle camera.
 * No signalling server: SDP goes bench ↔ agent IPC ↔ Playwright, full gathering (no trickle).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromiumIn } from '../../tests/helpers/lab-browser.ts';
import { createNetLab, type NetLab, type NetLabAgent } from '../../tests/helpers/netlab.ts';
import { createViewer, percentile, sleep, waitFor, type PageViewer, type SelectedPair } from '../live/support.ts';
import type { CpuSample, EngineSide } from './engine-side.ts';
import { describePair, ROUTES, type EngineControl, type Route } from './routes.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    joins: { type: 'string', default: '5' },
    routes: { type: 'string', default: ROUTES.map((r) => r.name).join(',') },
    'idle-seconds': { type: 'string', default: '6' },
    /** Print each offer's and answer's candidates. */
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
const joins = Number(values.joins);
const wanted = values.routes.split(',').map((name) => name.trim());
const unknown = wanted.filter((name) => !ROUTES.some((r) => r.name === name));
if (unknown.length) throw new Error(`unknown route(s) ${unknown.join(', ')}; known: ${ROUTES.map((r) => r.name).join(', ')}`);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VIEWER_URL = pathToFileURL(join(ROOT, 'tests/fixtures/viewer.html')).href;

/** A method of the engine side, through the agent. */
type Call = <K extends keyof EngineSide>(method: K, ...args: Parameters<EngineSide[K]>) => Promise<Awaited<ReturnType<EngineSide[K]>>>;

interface RouteResult {
  route: Route;
  setup?: string;
  error?: string;
  pair?: SelectedPair;
  rttMs?: number[];
  offerToFrame: number[];
  /** offerToFrame less the engine's answer time (its ICE gathering wait and the IPC). */
  offerToFrameLessAnswer: number[];
  createdToFrame: number[];
  iceToFrame: number[];
  answerMs: number[];
  latencies: number[];
  cpu?: { nodePct: number; ffmpegPct: number };
  fps?: number;
}

const cpuPercent = (a: CpuSample, b: CpuSample) => ({ nodePct: ((b.nodeMs - a.nodeMs) / (b.at - a.at)) * 100, ffmpegPct: ((b.ffmpegMs - a.ffmpegMs) / (b.at - a.at)) * 100 });
const fmt = (list: number[]) => (list.length ? `p50 ${percentile(list, 50).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms, max ${Math.max(...list).toFixed(1)} ms (n=${list.length})` : 'none');

/** One fresh session: the page offers, the engine answers over the agent. */
async function connect(call: Call, page: Page, rtc: RTCConfiguration | undefined, stamps: boolean): Promise<{ viewer: PageViewer; answerMs: number; close: () => Promise<void> }> {
  const viewer = await createViewer(page, { stamps, ...(rtc ? { rtc } : {}) });
  const asked = performance.now();
  const session = await call('openSession', viewer.offer);
  const answerMs = performance.now() - asked;
  if (values.verbose) {
    const lines = (sdp: string) => sdp.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:')).map((line) => `    ${line}`).join('\n');
    console.log(`  offer candidates:\n${lines(viewer.offer)}\n  answer candidates (${answerMs.toFixed(0)} ms):\n${lines(session.answerSdp)}`);
  }
  await viewer.accept(session.answerSdp);
  return { viewer, answerMs, close: async () => { await viewer.close(); await call('closeSession', session.id); } };
}

/** Waits for frames; a timeout names the candidate pair the page had selected by then. */
async function framesOrPair(viewer: PageViewer, route: Route, check: (s: Awaited<ReturnType<PageViewer['stats']>>) => boolean, what: string) {
  try {
    return await waitFor(() => viewer.stats(), check, 15_000, { what: `${what} on the ${route.name} route`, every: 20 });
  } catch (error) {
    const pair = await viewer.selectedPair().catch(() => null);
    throw new Error(`${(error as Error).message}; selected pair then: ${pair ? describePair(pair) : 'none'}`, { cause: error });
  }
}

/** The pair once frames flow, checked against the route: a pair of another route is an error. */
async function checkedPair(viewer: PageViewer, route: Route, lab: NetLab): Promise<SelectedPair> {
  const pair = await waitFor(() => viewer.selectedPair(), (p) => p !== null && p.state === 'succeeded', 5000, { what: 'a selected candidate pair' });
  const wrong = route.mismatch(pair!, lab);
  if (wrong) throw new Error(`selected pair ${describePair(pair!)} is not the ${route.name} route: ${wrong}`);
  return pair!;
}

async function measure(route: Route, lab: NetLab, call: Call, page: Page): Promise<RouteResult> {
  const result: RouteResult = { route, offerToFrame: [], offerToFrameLessAnswer: [], createdToFrame: [], iceToFrame: [], answerMs: [], latencies: [], rttMs: [] };
  const control: EngineControl = {
    configure: (remote) => call('configure', remote),
    mapPorts: (gateway, ports) => call('mapPorts', gateway, ports),
    unmapPorts: () => call('unmapPorts'),
  };
  try {
    result.setup = await route.setup(lab, control);
    const rtc = async () => (route.viewerIce ? ({ iceServers: (await call('iceForViewer', 'bench-viewer')).iceServers } as RTCConfiguration) : undefined);

    // Joins first: each a fresh session to its first decoded frame.
    for (let join = 0; join < joins; join++) {
      const { viewer, answerMs, close } = await connect(call, page, await rtc(), false);
      try {
        const stats = await framesOrPair(viewer, route, (s) => s.firstFrameAt > 0, 'the first frame');
        result.pair = await checkedPair(viewer, route, lab);
        result.offerToFrame.push(stats.firstFrameAt - stats.offeredAt);
        result.offerToFrameLessAnswer.push(stats.firstFrameAt - stats.offeredAt - answerMs);
        result.createdToFrame.push(stats.firstFrameAt - stats.createdAt);
        result.iceToFrame.push(stats.firstFrameAt - stats.iceConnectedAt);
        result.answerMs.push(answerMs);
      } finally {
        await close();
      }
      await sleep(300);
    }

    // Glass-to-glass and CPU: one viewer at a time, `rounds` fresh sessions (each settles its own playout delay).
    let cpuMs = { node: 0, ffmpeg: 0, wall: 0 };
    let frames = 0;
    for (let round = 0; round < rounds; round++) {
      const { viewer, close } = await connect(call, page, await rtc(), true);
      try {
        await framesOrPair(viewer, route, (s) => s.framesDecoded > 15, '16 frames');
        result.pair = await checkedPair(viewer, route, lab);
        await sleep(2000);
        await viewer.latencies();
        const before = await call('cpu');
        const decodedBefore = (await viewer.stats()).framesDecoded;
        await sleep((seconds * 1000) / rounds);
        const after = await call('cpu');
        const decodedAfter = (await viewer.stats()).framesDecoded;
        cpuMs = { node: cpuMs.node + after.nodeMs - before.nodeMs, ffmpeg: cpuMs.ffmpeg + after.ffmpegMs - before.ffmpegMs, wall: cpuMs.wall + after.at - before.at };
        frames += decodedAfter - decodedBefore;
        result.latencies.push(...(await viewer.latencies()).filter((v) => v > -1000 && v < 5000));
        const end = await checkedPair(viewer, route, lab);
        if (end.currentRoundTripTime !== null) result.rttMs!.push(end.currentRoundTripTime * 1000);
        result.pair = end;
      } finally {
        await close();
      }
    }
    result.cpu = { nodePct: (cpuMs.node / cpuMs.wall) * 100, ffmpegPct: (cpuMs.ffmpeg / cpuMs.wall) * 100 };
    result.fps = (frames / cpuMs.wall) * 1000;
  } catch (error) {
    result.error = (error as Error).message;
  }
  return result;
}

const lab = await createNetLab({ upnp: true, homeNat: 'eim', awayNat: 'eim' });
const dir = mkdtempSync(join(tmpdir(), 'vigil-remote-bench-'));
const fifo = join(dir, 'stamp.y4m');
const contexts = new Map<string, BrowserContext>();
let stampAgent: NetLabAgent | undefined;
let engineAgent: NetLabAgent | undefined;
let call: Call | undefined;
try {
  // Two agents in the home namespace: the stamp source's drawing stays out of the engine's CPU.
  stampAgent = await lab.agent(lab.ns.home);
  await stampAgent.keep('stamp', 'bench/live/stamp.ts', 'startStampSource', [fifo]);
  engineAgent = await lab.agent(lab.ns.home);
  await engineAgent.keep('engine', 'bench/remote/engine-side.ts', 'startEngineSide', [{ fifo, lanAddress: lab.addr.home, gatherTimeoutMs: 10_000 }]);
  const agent = engineAgent;
  call = ((method: string, ...args: unknown[]) => agent.invoke('engine', method, args)) as Call;

  await sleep(2000);
  const idleStart = await call('cpu');
  await sleep(Number(values['idle-seconds']) * 1000);
  const idle = cpuPercent(idleStart, await call('cpu'));

  const results: RouteResult[] = [];
  for (const route of ROUTES.filter((r) => wanted.includes(r.name))) {
    let context = contexts.get(route.viewerNs);
    if (!context) {
      context = await launchChromiumIn(lab.ns[route.viewerNs], join(dir, `chromium-${route.viewerNs}`), []);
      contexts.set(route.viewerNs, context);
    }
    const page = await context.newPage();
    await page.goto(VIEWER_URL);
    results.push(await measure(route, lab, call, page));
    await page.close();
  }

  console.log(`machine load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores)`);
  console.log(`camera: stamp source 640x360 15 fps, libx264 encode in the engine's ffmpeg; engine = the home agent process running the camera manager`);
  console.log(`engine idle (camera live, no viewer): node ${idle.nodePct.toFixed(2)} % of a core, ffmpeg ${idle.ffmpegPct.toFixed(2)} %`);
  for (const r of results) {
    console.log(`\n${r.route.name}: ${r.route.label}`);
    if (r.setup) console.log(`  setup: ${r.setup}`);
    if (r.error) {
      console.log(`  ERROR: ${r.error}`);
      continue;
    }
    const rtt = r.rttMs?.length ? percentile(r.rttMs, 50) : NaN;
    const p50 = percentile(r.latencies, 50);
    console.log(`  selected pair (Chromium getStats): ${describePair(r.pair!)}, nominated ${r.pair!.nominated}, RTT ${r.rttMs?.map((v) => v.toFixed(1)).join(' / ')} ms`);
    console.log(`  offer ready -> first decoded frame: ${fmt(r.offerToFrame)}`);
    console.log(`  the same less the engine's answer time: ${fmt(r.offerToFrameLessAnswer)}`);
    console.log(`  page peer created (incl. browser gathering) -> first frame: ${fmt(r.createdToFrame)}`);
    console.log(`  ICE connected -> first frame: ${fmt(r.iceToFrame)}`);
    console.log(`  engine answer (openSession over IPC, full gathering): ${fmt(r.answerMs)}`);
    console.log(`  glass-to-glass: ${fmt(r.latencies)}; over the path's own one-way delay (p50 - RTT/2): ${(p50 - rtt / 2).toFixed(1)} ms`);
    console.log(`  engine CPU with 1 viewer: node ${r.cpu!.nodePct.toFixed(2)} % of a core (${(r.cpu!.nodePct - idle.nodePct).toFixed(2)} % over idle), ffmpeg ${r.cpu!.ffmpegPct.toFixed(2)} %; viewer decoded ${r.fps!.toFixed(1)} fps`);
  }
  console.log(`\n${JSON.stringify({ idle, routes: results.map((r) => ({ route: r.route.name, error: r.error, pair: r.pair && describePair(r.pair), rttMs: r.rttMs, offerToFrameP50: percentile(r.offerToFrame, 50), offerToFrameLessAnswerP50: percentile(r.offerToFrameLessAnswer, 50), answerP50: percentile(r.answerMs, 50), iceToFrameP50: percentile(r.iceToFrame, 50), g2gP50: percentile(r.latencies, 50), g2gP95: percentile(r.latencies, 95), cpu: r.cpu })) })}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
} finally {
  for (const context of contexts.values()) await context.close().catch(() => undefined);
  await call?.('stop').catch(() => undefined);
  if (stampAgent) await Promise.race([stampAgent.invoke('stamp', 'stop').catch(() => undefined), sleep(3000)]);
  await engineAgent?.close();
  await stampAgent?.close();
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
}
