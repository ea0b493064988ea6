/**
 * Keeps the engine child process alive: starts it, restarts it with exponential backoff when it
 * exits on its own, and stops it cleanly (SIGTERM, then SIGKILL after a grace period).
 *
 *   stopped ─start─► starting ─spawn─► running ─exit─► backoff ─delay─► starting …
 *      ▲                                  │ stop/pause                        │
 *      └──────────── stopped / paused ◄───┴───────────────────────────────────┘
 *
 * A run that lasted `stableAfterMs` resets the backoff, so a crash once a day restarts at once.
 */
import type { ChildProcess } from 'node:child_process';
import { backoffDelay } from '@vigil/shared/backoff';
import { restartBackoff, type RestartBackoffOptions } from '../common/restartBackoff.ts';
import type { EngineStatusValue } from '../common/ipc.ts';

/** Options, each with its default. */
export interface SupervisorOptions {
  /** Starts one engine process (fork with ELECTRON_RUN_AS_NODE in the app). */
  spawn: () => ChildProcess;
  /** The engine's control API URL, reported in the status. */
  apiUrl: string;
  /** Restart delays; default 1 s doubling to 30 s, ±20 %. */
  backoff?: RestartBackoffOptions;
  /** A run this long counts as healthy and resets the backoff; default 30 s. */
  stableAfterMs?: number;
  /** Grace period between SIGTERM and SIGKILL on stop; default 5 s. */
  stopTimeoutMs?: number;
  /** Told about every status change (tray, log). */
  onStatus?: (status: EngineStatusValue) => void;
  random?: () => number;
}

/** Most bytes of the engine's stderr kept to explain a crash. */
export const STDERR_TAIL_BYTES = 4096;

/**
 * Why the engine died, from the end of its stderr: the CLI's fatal line ("vigil-streamer: …") or
 * an uncaught error's first line ("TypeError: …"). Ordinary log lines are not reasons: undefined.
 */
export function crashDetail(stderrTail: string): string | undefined {
  const line = stderrTail
    .split('\n')
    .map((text) => text.trim())
    .findLast((text) => text.startsWith('vigil-streamer: ') || /^\w*(Error|Exception)(\s\[\w+\])?: /.test(text));
  const reason = line?.replace(/^vigil-streamer: /, '').replace(/^\w*(Error|Exception)(\s\[\w+\])?: /, '');
  return reason ? reason.slice(0, 300) : undefined;
}

export const SUPERVISOR_DEFAULTS = {
  backoff: { initialBackoffMs: 1000, maxBackoffMs: 30_000, backoffJitter: 0.2 },
  stableAfterMs: 30_000,
  stopTimeoutMs: 5000,
} as const;

/** The engine supervisor. Does nothing until start(). */
export class EngineSupervisor {
  #status: EngineStatusValue;
  #child: ChildProcess | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #startedAt = 0;
  #stderrTail = '';
  #wanted: 'run' | 'stopped' | 'paused' = 'stopped';

  constructor(private readonly options: SupervisorOptions) {
    this.#status = { state: 'stopped', pid: null, restarts: 0, lastExit: null, nextRestartAt: null, apiUrl: options.apiUrl };
  }

  /** A copy of the current status. */
  status(): EngineStatusValue {
    return { ...this.#status };
  }

  /** Starts the engine (no-op when it is already running or starting). */
  start(): void {
    this.#wanted = 'run';
    if (this.#child) return;
    clearTimeout(this.#timer);
    this.#launch();
  }

  /** Stops the engine and any pending restart; resolves when the process has exited. */
  stop(): Promise<void> {
    return this.#halt('stopped');
  }

  /** Like stop(), but reported as paused (the tray's pause/resume). */
  pause(): Promise<void> {
    return this.#halt('paused');
  }

  /** Stops then starts again, with the backoff reset. */
  async restart(): Promise<void> {
    await this.#halt('stopped');
    this.#attempt = 0;
    this.start();
  }

  #launch(): void {
    this.#set({ state: 'starting', nextRestartAt: null });
    let child: ChildProcess;
    try {
      child = this.options.spawn();
    } catch (error) {
      console.error(`engine: cannot start: ${(error as Error).message}`);
      this.#exited(null, null);
      return;
    }
    this.#child = child;
    this.#startedAt = Date.now();
    this.#stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.#child === child) this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.once('spawn', () => {
      if (this.#child === child) this.#set({ state: 'running', pid: child.pid ?? null });
    });
    // A process that never started (no pid) reports 'error' and no 'exit'.
    child.once('error', (error) => {
      console.error(`engine: ${error.message}`);
      if (child.pid === undefined && this.#child === child) this.#exited(child.exitCode, null);
    });
    child.once('exit', (code, signal) => {
      if (this.#child === child) this.#exited(code, signal);
    });
  }

  #exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.#child = undefined;
    // One clock reading for the exit and the restart time, so the delay reported is the delay used.
    const now = Date.now();
    // A signal (OOM killer, kill -9) leaves no message: any stderr then is older news.
    const detail = this.#wanted === 'run' && code !== null && code !== 0 ? crashDetail(this.#stderrTail) : undefined;
    const lastExit = { code, signal, at: now, ...(detail ? { detail } : {}) };
    if (this.#wanted !== 'run') {
      this.#set({ state: this.#wanted, pid: null, lastExit, nextRestartAt: null });
      return;
    }
    const stable = this.options.stableAfterMs ?? SUPERVISOR_DEFAULTS.stableAfterMs;
    if (this.#startedAt && now - this.#startedAt >= stable) this.#attempt = 0;
    const delay = backoffDelay(this.#attempt++, restartBackoff(this.options.backoff ?? SUPERVISOR_DEFAULTS.backoff), this.options.random);
    this.#set({ state: 'backoff', pid: null, lastExit, restarts: this.#status.restarts + 1, nextRestartAt: now + delay });
    this.#timer = setTimeout(() => this.#launch(), delay);
  }

  async #halt(state: 'stopped' | 'paused'): Promise<void> {
    this.#wanted = state;
    clearTimeout(this.#timer);
    const child = this.#child;
    if (!child) {
      this.#set({ state, pid: null, nextRestartAt: null });
      return;
    }
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? SUPERVISOR_DEFAULTS.stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  #set(patch: Partial<EngineStatusValue>): void {
    this.#status = { ...this.#status, ...patch };
    this.options.onStatus?.(this.status());
  }
}
