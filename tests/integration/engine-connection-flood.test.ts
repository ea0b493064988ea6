// Audit item 8: 1,100 idle sockets under a 1,024-descriptor limit took the control API down and
// broke segment hashing (EMFILE). The real CLI runs under `prlimit --nofile=1024`, with an ffmpeg
// camera recording, TLS signalling and the control API; 2,000 idle connections to each port (idle
// TCP to the API, half-open TLS to signalling) must leave the control API answering.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string | undefined;
let cli: ChildProcess | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (cli?.exitCode === null) cli.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens `count` connections to `port` that send nothing; resolves once each connected or failed. */
async function flood(port: number, count: number): Promise<void> {
  for (let i = 0; i < count; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.on('connect', () => resolve());
    })));
  }
}

/**
 * GET on a new connection each time (no keep-alive pool could hide a refused connection), over TLS
 * without checking the self-signed certificate; resolves with the status or the failure.
 */
function status(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const options = { agent: false as const, headers, rejectUnauthorized: false, timeout: 5_000 };
    const done = (res: { statusCode?: number; resume(): void }) => (res.resume(), resolve(res.statusCode ?? 0));
    const req = url.startsWith('https:') ? httpsRequest(url, options, done) : httpRequest(url, options, done);
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error) => resolve(error.message)).end();
  });
}

describe('connection flood under a 1,024-descriptor limit', () => {
  it('2,000 idle connections to each port leave the control API answering', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-flood-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({
      version: 1,
      name: 'Flood test',
      cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 160, height: 120, fps: 5 } }],
      signaling: { mode: 'embedded', host: '0.0.0.0', port: 0 },
    }));
    cli = spawn('prlimit', ['--nofile=1024:1024', process.execPath, CLI, '--headless', '--data-dir', dir, '--api-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    cli.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const api = (await waitFor(() => /control API\s+(http:\/\/\S+)/.exec(out)?.[1], Boolean, 30_000, { what: 'the control API address on stdout' }))!;
    const signalingPort = Number(/signalling\s+wss:\/\/\S+:(\d+)/.exec(out)![1]);
    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    const cameras = () => status(`${api}/api/cameras`, { authorization: `Bearer ${token}` });
    expect(await cameras()).toBe(200);

    await flood(Number(new URL(api).port), 2_000);
    await flood(signalingPort, 2_000);

    expect(await cameras()).toBe(200);
    expect(await status(`https://127.0.0.1:${signalingPort}/healthz`)).toBe(200);
    expect(cli.exitCode).toBeNull();
    expect(out).not.toMatch(/EMFILE/);
  }, 90_000);
});
