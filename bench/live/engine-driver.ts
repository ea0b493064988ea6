/**
 * Starts bench/live/engine-child.ts (the engine alone in a process) and drives it over IPC, so a
 * benchmark can read the engine's CPU and its ffmpeg's from /proc without counting Chromium, the
 * RTSP server or itself.
 */
import { fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { procFigures, waitFor } from './support.ts';

type Reply = { seq: number; ok: boolean; error?: string; [key: string]: unknown };

/** A running engine child. */
export interface EngineChild {
  pid: number;
  /** The engine's Node process and its ffmpeg children (not tsx's esbuild helper, which a built engine lacks). */
  pids(): number[];
  call(op: 'upsert' | 'open' | 'close-all' | 'stats', extra?: Record<string, unknown>): Promise<Reply>;
  /** Adds an RTSP camera and waits until it is live. */
  addRtspCamera(id: string, url: string): Promise<void>;
  stop(): Promise<void>;
}

/** Engine child options. */
export interface EngineChildOptions {
  /** Sessions use werift's SRTP and ICE send path (SessionOptions.weriftSrtp). */
  weriftSrtp?: boolean;
  /** Directory for a V8 CPU profile of the engine (node --cpu-prof). */
  cpuProfileDir?: string;
  /** Extra Node flags for the engine process (e.g. --trace-gc). */
  nodeArgs?: string[];
}

function childrenOf(ppid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => procFigures(pid).ppid === ppid);
}

/** Forks the engine child and waits until it is ready. */
export async function startEngineChild(options: EngineChildOptions = {}): Promise<EngineChild> {
  const profileArgs = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  const args = options.weriftSrtp ? ['--werift-srtp'] : [];
  const child = fork(fileURLToPath(new URL('./engine-child.ts', import.meta.url)), args, { execArgv: ['--import', 'tsx', ...profileArgs, ...(options.nodeArgs ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  child.on('message', (raw) => {
    const reply = raw as Reply;
    pending.get(reply.seq)?.(reply);
    pending.delete(reply.seq);
  });
  await new Promise<void>((resolve) => pending.set(0, () => resolve()));
  const send = (op: string, extra: Record<string, unknown> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
      child.send({ seq: id, op, ...extra });
    });
  const pid = child.pid!;
  return {
    pid,
    pids: () => [pid, ...childrenOf(pid).filter((entry) => procFigures(entry).comm === 'ffmpeg')],
    call: send,
    async addRtspCamera(id, url) {
      await send('upsert', { config: { id, name: id, source: { kind: 'rtsp', url } } });
      const reply = await waitFor(() => send('stats', { cameraId: id }), (value) => (value.states as Array<{ state: string }>)[0]?.state === 'live', 20_000);
      if ((reply.states as Array<{ state: string }>)[0]?.state !== 'live') throw new Error(`camera ${id} did not go live`);
    },
    async stop() {
      await send('stop').catch(() => undefined);
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    },
  };
}
