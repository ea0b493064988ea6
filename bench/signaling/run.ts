/**
 * Signalling benchmark: `npx tsx bench/signaling/run.ts` (root script `bench:signaling`).
 *  1. server RSS while holding BENCH_SOCKETS (10,000) idle sockets — server in a child process;
 *  2. viewer→streamer relay latency at BENCH_RATE (5,000) msg/s for BENCH_SECONDS (10) s, with
 *     the idle sockets still held, spread over 100 viewers so per-connection limits stay default;
 *  3. the same load through a bare `ws` relay without validation (reference, also holding the
 *     idle sockets), in 1 s windows interleaved with 2 so both see the same background load.
 * Also reported: server CPU per relayed message (robust against the scheduling noise of a shared
 * machine; vigil's figure includes its heartbeat of the idle sockets, which the reference lacks).
 * Prints the figures and appends them to bench/RESULTS.md under "## Signalling".
 * Knobs: BENCH_SOCKETS, BENCH_RATE, BENCH_SECONDS, BENCH_HEARTBEAT_MS (vigil's heartbeat
 * interval, default 30 s), BENCH_SERVER_FLAGS (node flags of the server children, e.g. --trace-gc).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type WebSocket from 'ws';
import { hold, registerStreamer, startServer, withFileLimit, type Held } from './children.ts';
import { openMany, openOne, RelayProbe, type LatencyResult } from './load.ts';
import { appendResults } from './results.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VIEWERS = 100;

// Each process holds at most SOCKETS + a few hundred descriptors (idle clients live in a holder child).
await withFileLimit(SOCKETS + 4 * VIEWERS + 200, main);

async function main(): Promise<void> {
  console.log(`signalling bench: ${SOCKETS} sockets per server, ${RATE} msg/s over ${VIEWERS} viewers, ${SECONDS} × 1 s windows interleaved with the reference (node ${process.version}, fd limit ${execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()})`);
  const vigil = await startServer('vigil');
  const reference = await startServer('reference');
  try {
    const vigilHeld = await hold(vigil, SOCKETS);
    const referenceHeld = await hold(reference, SOCKETS);
    const probes = {
      vigil: await probe(vigil.url, await registerStreamer(vigil.url)),
      reference: await probe(reference.url, await referenceStreamer(reference.url)),
    };
    // Interleaved 1 s windows: both relays see the same background load (the machine is shared).
    await probes.vigil.window(RATE, 1000, false);
    await probes.reference.window(RATE, 1000, false);
    const cpuBefore = { vigil: await vigil.cpu(), reference: await reference.cpu() };
    const load = loadavg()[0]!;
    for (let i = 0; i < SECONDS; i++) {
      await probes.vigil.window(RATE, 1000, true);
      await probes.reference.window(RATE, 1000, true);
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the last messages land
    // Server CPU per relayed message: immune to the scheduling noise that moves the percentiles.
    const cpuPerMessage = {
      vigil: (await vigil.cpu()) - cpuBefore.vigil,
      reference: (await reference.cpu()) - cpuBefore.reference,
    };
    const messages = RATE * SECONDS;
    const v = probes.vigil.result();
    const r = probes.reference.result();
    await vigilHeld.stop();
    await referenceHeld.stop();
    await report(vigilHeld, referenceHeld, v, r, { vigil: cpuPerMessage.vigil / messages, reference: cpuPerMessage.reference / messages }, load);
  } finally {
    await vigil.stop();
    await reference.stop();
  }
}

async function probe(url: string, { streamer, streamerId }: { streamer: WebSocket; streamerId: string }): Promise<RelayProbe> {
  const viewers = await openMany(url, VIEWERS, 20);
  return new RelayProbe(streamer, viewers, (t) => JSON.stringify({ type: 'offer', to: streamerId, session: 'bench-0001', sdp: `t=${t}` }));
}

async function report(vigil: Held, reference: Held, v: LatencyResult, r: LatencyResult, cpu: { vigil: number; reference: number }, load: number): Promise<void> {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const ms = (value: number) => value.toFixed(2);
  const perSocket = (h: Held) => ((h.rss - h.baseRss) / SOCKETS / 1024).toFixed(1);
  const lines = [
    `server RSS holding ${SOCKETS} sockets: ${mb(vigil.rss)} MB (${mb(vigil.baseRss)} MB before; ${perSocket(vigil)} KiB/socket; heap ${mb(vigil.heapUsed)} MB after GC) — target ≤ 300 MB`,
    `  reference ws relay holding the same: ${mb(reference.rss)} MB (${perSocket(reference)} KiB/socket)`,
    `  ${SOCKETS} handshakes took ${(vigil.connectMs / 1000).toFixed(1)} s (reference ${(reference.connectMs / 1000).toFixed(1)} s)`,
    `relay latency viewer→streamer at ${RATE} msg/s (${v.ratePerSecond.toFixed(0)} measured), ${SECONDS} s of 1 s windows interleaved with the reference, ${SOCKETS} idle sockets held by each server:`,
    `  vigil:     p50 ${ms(v.p50)} ms  p90 ${ms(v.p90)} ms  p99 ${ms(v.p99)} ms  max ${ms(v.max)} ms  (sent ${v.sent}, received ${v.received}, errors ${v.errors}) — target p99 ≤ 5 ms`,
    `  reference: p50 ${ms(r.p50)} ms  p90 ${ms(r.p90)} ms  p99 ${ms(r.p99)} ms  max ${ms(r.max)} ms  (sent ${r.sent}, received ${r.received})`,
    `  ratio vigil/reference: p50 ×${(v.p50 / r.p50).toFixed(2)}, p99 ×${(v.p99 / r.p99).toFixed(2)}`,
    `server CPU per relayed message: vigil ${cpu.vigil.toFixed(1)} µs (incl. its heartbeat of the idle sockets, every ${Number(process.env.BENCH_HEARTBEAT_MS ?? 30_000) / 1000} s), reference ${cpu.reference.toFixed(1)} µs (×${(cpu.vigil / cpu.reference).toFixed(2)}); machine load average ${load.toFixed(2)} on ${cpus().length} cores at start`,
  ];
  for (const line of lines) console.log(line);
  const command = process.env.npm_lifecycle_event === 'bench:signaling' ? 'npm run bench:signaling' : 'npx tsx bench/signaling/run.ts';
  const env = ['BENCH_SOCKETS', 'BENCH_RATE', 'BENCH_SECONDS', 'BENCH_HEARTBEAT_MS', 'BENCH_SERVER_FLAGS'].filter((k) => process.env[k]).map((k) => `${k}=${JSON.stringify(process.env[k])} `).join('');
  await appendResults(`${env}${command}`, lines);
}

async function referenceStreamer(url: string): Promise<{ streamer: WebSocket; streamerId: string }> {
  const streamer = await openOne(url);
  streamer.send('streamer');
  return { streamer, streamerId: 'AAAAAAAAAAAAAAAAAAAAAA' };
}

