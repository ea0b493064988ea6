/**
 * The signalling benchmarks' children and setup steps, shared by run.ts (one instance against a
 * bare ws relay) and cluster.ts (two instances through Redis against one): server children,
 * idle-socket holders, a registered streamer.
 */
import { execFileSync, spawn, type Serializable } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import { registrationChallengeText } from '@vigil/shared/signaling';
import { identityFromPrivateKey } from '@vigil/signaling';
import { openOne } from './load.ts';

/** A server child (server.ts). */
export interface ServerChild {
  url: string;
  stats(): Promise<{ rss: number; heapUsed: number; connections: number }>;
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/** Idle sockets held against a server, and its memory with and without them. */
export interface Held {
  stop(): Promise<void>;
  baseRss: number;
  rss: number;
  heapUsed: number;
  connectMs: number;
}

/** Opens `sockets` idle sockets to a server from a holder child; reads the server's memory once all are welcomed. */
export async function hold(server: ServerChild, sockets: number): Promise<Held> {
  const base = await server.stats();
  const holder = spawnChild('holder.ts', []);
  const reply = await holder.request<{ connectMs?: number; error?: string }>({ url: server.url, count: sockets });
  if (reply.error !== undefined || reply.connectMs === undefined) throw new Error(`holder: ${reply.error}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const held = await server.stats();
  if (held.connections < sockets) throw new Error(`server holds ${held.connections} connections, expected ${sockets}`);
  return { stop: holder.stop, baseRss: base.rss, rss: held.rss, heapUsed: held.heapUsed, connectMs: reply.connectMs };
}

/** Registers a fresh streamer identity on `url` (the full challenge handshake). */
export async function registerStreamer(url: string): Promise<{ streamer: WebSocket; streamerId: string }> {
  const identity = identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
  const streamer = await openOne(url);
  const next = () => new Promise<{ type: string; nonce?: string }>((resolve) => streamer.once('message', (data) => resolve(JSON.parse(data.toString()))));
  streamer.send(JSON.stringify({ type: 'register', streamerId: identity.streamerId, publicKey: identity.publicKey }));
  const challenge = await next();
  streamer.send(JSON.stringify({ type: 'register-proof', signature: await identity.sign(registrationChallengeText(challenge.nonce!, identity.streamerId)) }));
  const registered = await next();
  if (registered.type !== 'registered') throw new Error(`registration failed: ${JSON.stringify(registered)}`);
  return { streamer, streamerId: identity.streamerId };
}

/** Starts server.ts as `kind` (`vigil`, `reference`, or `vigil-redis <url>`). */
export async function startServer(...args: string[]): Promise<ServerChild> {
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnChild('server.ts', args, ['--expose-gc', ...flags]);
  const { url } = await child.request<{ url: string }>();
  return { url, stats: () => child.request('stats'), cpu: async () => (await child.request<{ cpuMicros: number }>('cpu')).cpuMicros, stop: child.stop };
}

/** Runs a TypeScript child of this folder with an IPC channel; requests get the next reply. */
export function spawnChild(file: string, args: string[], nodeFlags: string[] = []) {
  const script = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const replies: ((message: unknown) => void)[] = [];
  child.on('message', (message) => replies.shift()?.(message));
  const request = <T>(message?: Serializable) =>
    Promise.race([
      new Promise<T>((resolve) => {
        replies.push(resolve as (message: unknown) => void);
        if (message !== undefined) child.send(message);
      }),
      exited.then(() => Promise.reject(new Error(`${file} exited`))),
    ]);
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { request, stop };
}

/**
 * Runs `main` with at least `needed` open files: Node cannot raise its own limit, so the script
 * runs itself again under `ulimit -n` when it is too low.
 */
export async function withFileLimit(needed: number, main: () => Promise<void>): Promise<void> {
  if (Number(execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' })) >= needed || process.env.VIGIL_BENCH_ULIMIT) return main();
  const shell = `ulimit -n ${needed} || { echo "raise the open-file limit to ${needed} (ulimit -n)" >&2; exit 3; }; exec "$0" "$@"`;
  const child = spawn('/bin/sh', ['-c', shell, process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, VIGIL_BENCH_ULIMIT: '1' } });
  child.on('exit', (code) => process.exit(code ?? 1));
}
