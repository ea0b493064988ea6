// Audit item 7: /metrics and /healthz on the LAN-facing signalling port told anyone, without auth,
// when somebody was watching (connection counts by role). A real TLS signalling server on all
// interfaces, asked from this machine's LAN address and from loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '@vigil/signaling/node';
import { until } from '../helpers/wait.ts';

const lan = Object.values(networkInterfaces()).flat().find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** GET over TLS (self-signed) from whichever local address routes to `host`. */
function get(host: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host, port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

async function started(publicMetrics?: boolean): Promise<{ server: SignalingServer; port: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-sig-http-'));
  const server = createSignalingServer({ host: '0.0.0.0', tls: { selfSigned: { dir } }, publicMetrics });
  const { port } = await server.start();
  cleanups.push(async () => (await server.stop(), rm(dir, { recursive: true, force: true })));
  return { server, port };
}

describe.skipIf(!lan)('signalling HTTP on a LAN-facing port', () => {
  it('answers /healthz with a bare liveness answer and /metrics to this machine only', async () => {
    const { server, port } = await started();
    const watcher = new WebSocket(`wss://127.0.0.1:${port}`, { rejectUnauthorized: false });
    cleanups.push(async () => watcher.close());
    await until(() => server.connectionCount === 1, 10_000, 'a peer to be connected');

    const health = await get(lan!, port, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    expect((await get(lan!, port, '/metrics')).status).toBe(404);
    const local = await get('127.0.0.1', port, '/metrics');
    expect(local.status).toBe(200);
    expect(local.body).toContain('vigil_signaling_connections');
  });

  it('serves /metrics to the LAN when told to', async () => {
    const { port } = await started(true);
    expect((await get(lan!, port, '/metrics')).status).toBe(200);
  });
});
