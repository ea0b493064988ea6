/**
 * Load generation for the signalling benchmark: many idle sockets, and a timed viewer→streamer
 * relay with the send time in each message.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** Opens `count` sockets (at most `inFlight` handshakes at once); resolves once each got its first frame. */
export async function openMany(url: string, count: number, inFlight = 256): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      next++;
      sockets.push(await openOne(url));
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  return sockets;
}

/** Opens one socket and waits for the server's first frame (welcome). */
export function openOne(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed with ${code} before welcome`)));
  });
}

/** Closes sockets and waits until they are closed. */
export async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.terminate())))));
}

export interface LatencyResult {
  sent: number;
  received: number;
  errors: number;
  ratePerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One relay path under test: viewers send to the streamer; the streamer records now − t (from `sdp` or `candidate.candidate`). */
export class RelayProbe {
  sent = 0;
  received = 0;
  errors = 0;
  measuredMs = 0;
  private readonly samples: number[] = [];
  private recordAfter = Infinity;

  constructor(
    streamer: WebSocket,
    private readonly viewers: WebSocket[],
    private readonly frame: (t: number) => string,
  ) {
    streamer.on('message', (data: Buffer) => {
      const now = performance.now();
      // The send time rides in an offer's sdp or a candidate's text: `t=<ms>`.
      const message = JSON.parse(data.toString()) as { sdp?: string; candidate?: { candidate?: string } };
      const stamp = message.sdp ?? message.candidate?.candidate;
      if (!stamp) return;
      this.received++;
      const t = Number(stamp.slice(2));
      if (t >= this.recordAfter) this.samples.push(now - t);
    });
    for (const viewer of viewers) viewer.on('message', () => this.errors++); // a viewer only ever gets error replies here
  }

  /** Sends at `rate` msg/s for `ms`, round-robin over the viewers; `record` counts the window. */
  async window(rate: number, ms: number, record: boolean): Promise<void> {
    const start = performance.now();
    if (record && this.recordAfter === Infinity) this.recordAfter = start;
    if (!record) this.recordAfter = Infinity;
    const total = Math.round((rate * ms) / 1000);
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        while (sent < due) {
          this.viewers[this.sent++ % this.viewers.length]!.send(this.frame(performance.now()));
          sent++;
        }
        if (sent >= total) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    if (record) this.measuredMs += performance.now() - start;
  }

  /** Percentiles (ms) over every recorded window. */
  result(): LatencyResult {
    const samples = [...this.samples].sort((a, b) => a - b);
    const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? NaN;
    return { sent: this.sent, received: this.received, errors: this.errors, ratePerSecond: samples.length / (this.measuredMs / 1000), p50: q(0.5), p90: q(0.9), p99: q(0.99), max: samples.at(-1) ?? NaN };
  }
}
