/**
 * How the app starts the engine: the same `vigil-streamer --headless` a server runs, forked from
 * the Electron binary acting as plain Node (ELECTRON_RUN_AS_NODE), so a crash in the engine or in
 * ffmpeg handling never takes the window or the tray down with it.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** What to run. */
export interface EngineCommand {
  /** apps/streamer/bin/vigil-streamer.js */
  script: string;
  apiPort: number;
  /** The Electron binary (process.execPath) or node. */
  execPath?: string;
}

/** The argument list of the engine process. */
export function engineArgs(command: Pick<EngineCommand, 'apiPort'>): string[] {
  return ['--headless', '--api-port', String(command.apiPort)];
}

/** Environment of the engine: ours plus ELECTRON_RUN_AS_NODE; nothing from Electron's own flags. */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ELECTRON_RUN_AS_NODE: '1' };
  delete out.NODE_OPTIONS;
  return out;
}

/** Forks one engine process; its output goes to ours with a prefix. */
export function spawnEngine(command: EngineCommand): ChildProcess {
  const child = fork(command.script, engineArgs(command), {
    execPath: command.execPath ?? process.execPath,
    env: engineEnv(process.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  return child;
}

const prefix = (chunk: Buffer) =>
  chunk
    .toString('utf8')
    .split(/(?<=\n)/)
    .map((line) => `[engine] ${line}`)
    .join('');
