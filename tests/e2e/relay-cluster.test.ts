// A relay service past one machine, with every part real and started here: Debian's redis-server,
// two `vigil-signal --redis` processes, HAProxy in front (TLS, health checks), the real engine
// registered through the balancer, a viewer paired through it and watching live in Chromium.
// Then the failures a deployment must survive: kill -9 of the streamer's instance, a SIGTERM
// drain of the instance everyone is on, Redis restarted, Redis stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewerCredential } from '@vigil/shared/pairing';
import type { SignalingClient } from '@vigil/signaling/node';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { startRedis, type RedisProcess } from '../../apps/signaling/src/node/testkit-redis.ts';
import { launchChromium, openViewerPage, type PageViewer } from '../helpers/chromium.ts';
import { connectSignaling, pair, watch } from '../helpers/paired-viewer.ts';
import { freePort } from '../helpers/ports.ts';
import { startBalancer, startRelay, type Balancer, type RelayInstance } from '../helpers/relay-cluster.ts';
import { waitFor } from '../helpers/wait.ts';

describe('two relays behind HAProxy sharing routing through Redis', () => {
  let tmp: string;
  let redis: RedisProcess;
  const relays: RelayInstance[] = [];
  let ports: number[];
  let balancer: Balancer;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  let viewer: SignalingClient;
  let cred: ViewerCredential;
  let live: PageViewer;

  const api = (method: string, path: string) => fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });
  /** The connection holding the engine's streamer id, as Redis has it. */
  const holder = async () => /\$\d+\r\n(~\S+) /.exec(await redis.command(`GET vigil:s:${engine.info.streamerId}`).catch(() => ''))?.[1];
  const instanceOf = (peerId: string | undefined) => relays.find((r) => peerId?.startsWith(`~${r.instanceId}`));
  const decoded = async (v: PageViewer) => (await v.stats()).framesDecoded;
  /** Waits until `v` decodes more frames than it has now. */
  const decodesOn = async (v: PageViewer, what: string) => {
    const now = await decoded(v);
    await waitFor(() => decoded(v), (n) => n > now + 5, 30_000, { what });
  };
  /** A fresh signed offer through the relay, answered and decoding; closed after unless `keep`. */
  const watchAgain = async (client: SignalingClient, what: string, keep = false) => {
    const { viewer: fresh, refusal, session } = await watch(client, page, cred, 'door');
    expect(refusal).toBeUndefined();
    await waitFor(() => decoded(fresh), (n) => n > 5, 30_000, { what });
    if (keep) return fresh;
    client.send({ type: 'bye', to: cred.streamerId, session }); // the engine allows a few sessions per viewer
    await fresh.close();
    return fresh;
  };
  const restart = async (index: number) => (relays[index] = await startRelay(ports[index]!, redis.url));

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-relay-cluster-'));
    redis = await startRedis();
    ports = [await freePort(), await freePort()];
    for (const port of ports) relays.push(await startRelay(port, redis.url));
    balancer = await startBalancer(ports);
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: {
        name: 'Home',
        cameras: [{ id: 'door', name: 'Front door', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } }],
        remote: { portMapping: false, relays: [{ url: balancer.url, fingerprint: balancer.spkiSha256 }] },
      },
    });
    browser = await launchChromium();
    page = await openViewerPage(browser);
  });

  afterAll(async () => {
    viewer?.stop();
    await browser?.close();
    await engine?.stop();
    await balancer?.stop();
    for (const relay of relays) await relay.kill('SIGKILL');
    await redis?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('pairs a viewer on one instance with the streamer registered on the other, and the viewer watches live', async () => {
    const streamerPeer = await waitFor(holder, (p) => p !== undefined, 30_000, { what: 'the engine registered through the balancer' });
    viewer = await connectSignaling(balancer.url, balancer.spkiSha256); // leastconn: the other instance
    expect(instanceOf(viewer.peerId)).toBeDefined();
    expect(instanceOf(viewer.peerId)).not.toBe(instanceOf(streamerPeer));
    const uri = ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;
    const paired = await pair(viewer, uri, 'Away laptop');
    expect(paired.refusal).toBeUndefined();
    cred = paired.cred!;
    live = await watchAgain(viewer, 'the first picture through two instances', true);
  });

  it('kill -9 of the streamer’s instance: the engine registers again through the balancer, the picture goes on, new offers are answered', async () => {
    const killed = relays.indexOf(instanceOf(await holder())!);
    expect(await relays[killed]!.kill('SIGKILL')).toBeNull();
    const survivor = relays[1 - killed]!;
    await waitFor(holder, (p) => instanceOf(p) === survivor, 30_000, { what: 'the engine registered on the surviving instance' });
    await decodesOn(live, 'the picture going on (media never passed through the relay)');
    await watchAgain(viewer, 'a new picture negotiated after the kill');
    await restart(killed);
  });

  it('SIGTERM drains an instance: its clients reconnect to the other, no picture stops', async () => {
    const draining = instanceOf(await holder())!;
    expect(instanceOf(viewer.peerId)).toBe(draining); // both ended up on the survivor
    const other = relays.find((r) => r !== draining)!;
    expect(await draining.kill('SIGTERM')).toBe(0);
    expect(draining.output()).toContain('SIGTERM: draining');
    await waitFor(holder, (p) => instanceOf(p) === other, 30_000, { what: 'the engine moved to the other instance' });
    await waitFor(() => viewer.peerId, (p) => instanceOf(p) === other && viewer.state === 'open', 30_000, { what: 'the viewer moved to the other instance' });
    await decodesOn(live, 'the picture going on through the drain');
    await watchAgain(viewer, 'a new picture negotiated after the drain');
    await restart(relays.indexOf(draining));
  });

  it('Redis restarted mid-run: presence is rebuilt once, offers are answered once', async () => {
    const before = await holder();
    await redis.stop();
    await redis.start();
    const keys = await waitFor(() => redis.command('KEYS vigil:s:*'), (reply) => reply.startsWith('*1\r\n'), 30_000, { what: 'the presence key rebuilt' });
    expect(keys).toContain(engine.info.streamerId);
    expect(await holder()).toBe(before);
    const answers: string[] = [];
    viewer.on('message', (m) => void (m.type === 'answer' && answers.push(m.session)));
    await watchAgain(viewer, 'a picture negotiated after the Redis restart');
    expect(answers).toHaveLength(1);
  });

  it('Redis stopped: each instance says degraded and keeps routing its own connections', async () => {
    const home = instanceOf(await holder())!;
    await redis.stop();
    for (const relay of relays) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${relay.port}/healthz`)).json(), (body) => JSON.stringify(body) === '{"ok":true,"status":"degraded"}', 15_000, { what: `${relay.instanceId} to say degraded` });
    }
    expect(JSON.parse((await balancer.get('/healthz')).body)).toEqual({ ok: true, status: 'degraded' });
    const local = await connectSignaling(home.url); // on the streamer's own instance
    try {
      await watchAgain(local, 'a picture negotiated through the degraded instance');
    } finally {
      local.stop();
    }
    await redis.start();
  });
});
