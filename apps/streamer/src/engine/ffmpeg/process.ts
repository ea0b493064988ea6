/**
 * Runs one ffmpeg process in its own process group, hands its stderr over line by line, and
 * stops it so that nothing survives: SIGTERM to the group, SIGKILL after a grace period.
 */
import type { Readable, Writable } from 'node:stream';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Pipeline } from './pipeline.ts';

/** How long ffmpeg gets to exit after SIGTERM before the group is killed. */
export const DEFAULT_KILL_GRACE_MS = 2000;

/** A running ffmpeg. */
export interface FfmpegProcess {
  readonly pid: number | undefined;
  /** Resolves with the exit code (or signal name) once the process has gone. */
  readonly exited: Promise<number | string>;
  /** Stops the process group; resolves when it has exited. */
  stop(): Promise<void>;
  /** ffmpeg's stdout: raw gray frames when the pipeline has a `motion` output. */
  readonly stdout: Readable | null;
  /** ffmpeg's stdin when an input reads it (`pipe:0`); otherwise null. */
  readonly stdin: Writable | null;
}

/** Callbacks for one process. */
export interface FfmpegHandlers {
  onLine?(line: string): void;
}

/** util-linux's setpriv, which can make ffmpeg die with the engine (Linux only). */
const SETPRIV = '/usr/bin/setpriv';

/**
 * The command that runs ffmpeg. On Linux it goes through `setpriv --pdeathsig KILL`, which execs
 * ffmpeg (same pid, same name) with a parent-death signal: ffmpeg sits in its own process group,
 * so if the engine is killed (kill -9, OOM) nothing else would stop it, and an orphan would go on
 * writing segments no recorder closes. The signal fires when the spawning thread exits, so
 * spawnFfmpeg belongs on the main thread, never in a worker_thread that may end first.
 */
export function ffmpegCommand(pipeline: Pipeline, platform = process.platform): { file: string; args: string[] } {
  if (platform === 'linux' && existsSync(SETPRIV)) return { file: SETPRIV, args: ['--pdeathsig', 'KILL', '--', pipeline.binary, ...pipeline.args] };
  return { file: pipeline.binary, args: pipeline.args };
}

/** Spawns the pipeline's ffmpeg; `killGraceMs` 0 makes stop() kill it at once (SIGKILL, nothing drained). */
export function spawnFfmpeg(pipeline: Pipeline, handlers: FfmpegHandlers = {}, killGraceMs = DEFAULT_KILL_GRACE_MS): FfmpegProcess {
  const detached = process.platform !== 'win32';
  const env = { ...process.env, ...pipeline.env };
  const command = ffmpegCommand(pipeline);
  // stdout carries the motion output's raw frames or the talk output's G.711; otherwise nothing is read from it.
  const stdout = pipeline.outputs.includes('motion') || pipeline.outputs.includes('talk') ? 'pipe' : 'ignore';
  // fds 3, 4, … carry the inputs' lists (URLs with credentials, which argv would show to anyone).
  const pipes = pipeline.pipes ?? [];
  const stdin = pipeline.stdin ? 'pipe' : 'ignore';
  const child = spawn(command.file, command.args, { stdio: [stdin, stdout, 'pipe', ...pipes.map(() => 'pipe' as const)], detached, windowsHide: true, env });
  pipes.forEach((text, i) => (child.stdio[3 + i] as Writable | null)?.on('error', () => undefined).end(text));
  let pending = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    pending += chunk;
    // ffmpeg ends progress lines with \r; treat both as line ends.
    const lines = pending.split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) handlers.onLine?.(line);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      handlers.onLine?.(`spawn failed: ${error.message}`);
      resolve('spawn-error');
    });
    child.once('close', (code, signal) => {
      if (pending) handlers.onLine?.(pending);
      pending = '';
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    pid: child.pid,
    stdout: child.stdout,
    // A write after ffmpeg has gone (EPIPE) is not an error of the engine: its exit says why.
    stdin: child.stdin?.on('error', () => undefined) ?? null,
    exited,
    stop: () => stopChild(child, exited, detached, killGraceMs),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, group: boolean, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await exited;
    return;
  }
  // No grace: killed at once (a talk's speaker must not drain its buffer).
  if (graceMs <= 0) {
    signal(child, group, 'SIGKILL');
    await exited;
    return;
  }
  signal(child, group, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signal(child, group, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, killed]);
  clearTimeout(timer);
  await exited;
}

function signal(child: ChildProcess, group: boolean, name: NodeJS.Signals): void {
  try {
    // A negative pid signals the whole group, so helpers ffmpeg may have started go too.
    if (group && child.pid !== undefined) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Already gone.
  }
}
