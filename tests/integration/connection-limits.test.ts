// Audit item 8: raw-connection limits of the signalling server and the control API (real sockets).
import { createServer, request, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConnectionLimits, createSignalingServer } from '@vigil/signaling/node';
import { until } from '../helpers/wait.ts';

const sockets: Socket[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const idle = (port: number) =>
  new Promise<Socket>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    sockets.push(socket);
  });

const get = (port: number) =>
  new Promise<number | string>((resolve) => {
    request({ port, host: '127.0.0.1', agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', (e) => resolve(e.message)).end();
  });

describe('connection limits', () => {
  it('evicts the oldest idle socket so a real request is served past the cap', async () => {
    const server: Server = createServer((_req, res) => res.end('ok'));
    applyConnectionLimits(server, { maxConnections: 5 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
    const port = (server.address() as { port: number }).port;
    const flood: Socket[] = [];
    for (let i = 0; i < 20; i++) flood.push(await idle(port));
    await until(() => flood.filter((s) => s.destroyed || s.readableEnded).length >= 15, 5_000, 'the oldest idle sockets to be closed');
    expect(await get(port)).toBe(200);
  });

  it('cuts a TLS handshake that never starts at handshakeTimeoutMs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-limits-'));
    const server = createSignalingServer({ tls: { selfSigned: { dir } }, connections: { handshakeTimeoutMs: 300 } });
    const { port } = await server.start();
    cleanups.push(async () => (await server.stop(), rm(dir, { recursive: true, force: true })));
    const socket = await idle(port);
    let closed = false;
    socket.on('close', () => (closed = true));
    await until(() => closed, 5_000, 'the half-open TLS socket to be closed');
    expect(closed).toBe(true);
  });
});
