// Audit item 2: anyone who knows a streamer's id could knock it off the relay. Garbage addressed to
// the id was answered, one refusal each, and those answers counted against the streamer's own
// per-connection limits: the relay closed it (17 disconnects in 20 s). A real engine with its real
// bundled relay over ws, flooded by raw ws connections from one address; the streamer must stay.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { randomBase64url, signViewerMessage } from '@vigil/shared/pairing';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type Engine, type EngineOptions } from '../../apps/streamer/src/engine/engine.ts';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { until, waitFor } from '../helpers/wait.ts';

const CONNECTIONS = 10;
// 40 messages a second per connection: under the relay's per-connection limit (50/s), so only
// the limits this fix adds can stop the flood.
const BATCH = 10;
const EVERY_MS = 250;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function engineWith(extra: Partial<EngineOptions> = {}): Promise<{ engine: Engine; drops: () => number }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-flood-'));
  const engine = await startEngine({ dataDir: dir, apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', ...extra });
  cleanup.push(() => rm(dir, { recursive: true, force: true }), () => engine.stop());
  await until(() => engine.client.state === 'registered', 10_000, 'the engine registered with its relay');
  let drops = 0;
  engine.client.on('state', (state) => state !== 'registered' && drops++);
  return { engine, drops: () => drops };
}

/** Floods the streamer id with unauthenticated requests and offers until `stop()`; counts what came back. */
function flood(url: string, streamerId: string) {
  let running = true;
  const counts = { sent: 0, refusals: 0, relayErrors: 0 };
  const sockets = new Set<WebSocket>();
  const open = () => {
    if (!running) return;
    const ws = new WebSocket(url);
    sockets.add(ws);
    let timer: NodeJS.Timeout | undefined;
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string };
      if (m.type === 'response' || m.type === 'bye' || m.type === 'pair-response') counts.refusals++;
      if (m.type === 'error') counts.relayErrors++;
    });
    ws.on('open', () => {
      timer = setInterval(() => {
        for (let i = 0; i < BATCH; i++) {
          const session = randomBase64url(9);
          const garbage = [
            { type: 'request', to: streamerId, session, payload: '{"method":"cameras"}', auth: 'garbage' },
            { type: 'offer', to: streamerId, session, camera: 'x', sdp: 'v=0', auth: 'garbage' },
            { type: 'pair-request', to: streamerId, session, payload: 'garbage' },
          ][i % 3];
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(garbage));
          counts.sent++;
        }
      }, EVERY_MS);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      clearInterval(timer);
      sockets.delete(ws);
      open(); // an attacker whose connection the relay closed simply comes back
    });
  };
  for (let i = 0; i < CONNECTIONS; i++) open();
  return {
    counts,
    stop() {
      running = false;
      for (const ws of sockets) ws.terminate();
    },
  };
}

/** A paired viewer's signed `cameras` request, retried until the relay lets it through. */
async function pairedViewerIsServed(engine: Engine): Promise<void> {
  const client = await connectSignaling(engine.info.signalingUrl);
  cleanup.push(() => client.stop());
  const offers = await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } });
  const { uri } = (await offers.json()) as { uri: string };
  const { cred } = await waitFor(() => pair(client, uri, 'Owner').catch(() => ({ cred: undefined })), (r) => !!r.cred, 20_000, { what: 'pairing after the flood', every: 1000 });
  const session = randomBase64url(9);
  const payload = JSON.stringify({ method: 'cameras' });
  const auth = await signViewerMessage(cred!, { type: 'request', streamerId: cred!.streamerId, session, body: payload });
  const reply = await exchange(client, { type: 'request', to: cred!.streamerId, session, payload, auth }, (m) => m.type === 'response');
  expect(JSON.parse((reply as { payload: string }).payload)).toHaveProperty('cameras');
}

/** Floods the engine's streamer id through its relay until 1,500 garbage messages are out. */
async function floodOnce(engine: Engine): Promise<ReturnType<typeof flood>> {
  const attack = flood(engine.info.signalingUrl, engine.info.streamerId);
  cleanup.push(() => attack.stop());
  await until(() => attack.counts.sent >= 1500, 30_000, '1500 garbage messages sent');
  attack.stop();
  return attack;
}

describe('a streamer id flooded with garbage (audit item 2)', () => {
  it('stays registered with its relay, and its paired viewers are served afterwards', async () => {
    const { engine, drops } = await engineWith();
    const attack = await floodOnce(engine);
    expect(drops()).toBe(0);
    expect(engine.client.state).toBe('registered');
    // The relay refused most of the flood itself (per sender and target), not the streamer.
    expect(attack.counts.relayErrors).toBeGreaterThan(attack.counts.refusals);
    await pairedViewerIsServed(engine);
  }, 60_000);

  it('answers only a small budget of unauthenticated requests, even through a relay that lets all of them through', async () => {
    // A relay without the per-target limit (another relay, or many addresses): only the engine's
    // own refusal budget keeps its replies small.
    const { engine, drops } = await engineWith({ signaling: { perTargetMessagesPerSecond: 1e6, perTargetBurst: 1e6 } });
    const attack = await floodOnce(engine);
    expect(drops()).toBe(0);
    expect(engine.client.state).toBe('registered');
    // 1500 asked; the budget (5 a second after a burst of 20) answers a small fraction.
    expect(attack.counts.refusals).toBeLessThan(300);
    expect(attack.counts.refusals).toBeGreaterThan(0);
    await pairedViewerIsServed(engine);
  }, 60_000);
});
