/**
 * Test helpers for shared routing: Debian's redis-server on a free loopback port, nothing
 * persisted (stoppable and restartable on the same port, empty each time as after a real restart
 * without persistence), and a cluster of in-process servers routing through it. Used by the tests
 * beside the sources, tests/ and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { RedisRouter } from './redis-router.ts';
import { createSignalingServer, type SignalingServer } from './server.ts';
import type { SignalingServerOptions } from './options.ts';
import { eventually } from './testkit.ts';
import { freePort } from './testkit-ports.ts';

/** A redis-server the test started. */
export interface RedisProcess {
  port: number;
  url: string;
  /** Stops it (SIGKILL: nothing to save); resolves once it exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Sends one command (inline protocol) and resolves with the raw reply text. */
  command(line: string): Promise<string>;
}

/** Starts `redis-server --port N --save '' --appendonly no` and waits until it answers PING. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.endsWith('\r\n')) socket.end(() => resolve(text));
      });
      socket.on('error', reject);
      socket.write(`${line}\r\n`);
    });
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'];
    // Never under the tests' shifted clock (scripts/test-shifted-clock.sh): libfaketime and
    // redis-server's allocator recurse into each other and it never starts. A real Redis is not
    // on its clients' clocks either; the routers stamp claims with Redis's own TIME.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'LD_PRELOAD' && !key.startsWith('FAKETIME')));
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    await eventually(async () => proc.exitCode !== null || (await command('PING').catch(() => '')).startsWith('+PONG'), 10_000, `redis-server answering on port ${port}`);
    if (proc.exitCode !== null) throw new Error(`redis-server did not start: ${output}`);
  };
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start, command };
}

/** Several signalling servers in this process sharing routing through `redis`. */
export async function startCluster(redis: RedisProcess, count: number, options: SignalingServerOptions = {}): Promise<{ servers: SignalingServer[]; urls: string[]; routers: RedisRouter[]; stop(): Promise<void> }> {
  const servers: SignalingServer[] = [];
  const urls: string[] = [];
  const routers: RedisRouter[] = [];
  for (let i = 0; i < count; i++) {
    const router = new RedisRouter({ url: redis.url, presenceTtlMs: 3000 });
    await router.ready();
    const server = createSignalingServer({ ...options, router });
    urls.push((await server.start()).url);
    servers.push(server);
    routers.push(router);
  }
  return { servers, urls, routers, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
}
