/**
 * Debian's redis-server on a free loopback port, nothing persisted, for tests and benches that
 * share signalling routing between instances. Stoppable and restartable on the same port (a Redis
 * restart mid-run), its state gone each time as after a real restart without persistence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './ports.ts';
import { waitFor } from './wait.ts';

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
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    await waitFor(() => command('PING').catch(() => `${proc.exitCode === null ? '' : `exited: ${output}`}`), (reply) => reply.startsWith('+PONG') || reply.startsWith('exited'), 10_000, { what: `redis-server on port ${port}`, every: 50 });
    if (proc.exitCode !== null) throw new Error(`redis-server did not start: ${output}`);
  };
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start, command };
}
