/**
 * How the app starts the engine: the same `vigil-streamer --headless` a server runs, forked from
 * the Electron binary acting as plain Node (ELECTRON_RUN_AS_NODE), so a crash in the engine or in
 * ffmpeg handling never takes the window or the tray down with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { delimiter } from 'node:path';
import { APP_ORIGIN, originString } from '@vigil/shell/origin';

/** What to run. */
export interface EngineCommand {
  /** apps/streamer/bin/vigil-streamer.js */
  script: string;
  apiPort: number;
  /** The Electron binary (process.execPath) or node. */
  execPath?: string;
  /** The packaged ffmpeg's folder: the engine prefers a system ffmpeg, this is its fallback. */
  ffmpegDir?: string;
}

/** The argument list of the engine process. */
export function engineArgs(command: Pick<EngineCommand, 'apiPort'>): string[] {
  // The window's UI is served from app://vigil: the engine must let that origin call its API.
  return ['--headless', '--api-port', String(command.apiPort), '--ui-origin', originString(APP_ORIGIN)];
}

/**
 * Environment of the engine: ours plus ELECTRON_RUN_AS_NODE; nothing from Electron's own flags.
 * The bundled ffmpeg's folder goes last on PATH: the engine looks ffmpeg up on PATH first (a
 * system build knows the machine's devices), and the npm locator it falls back to would answer
 * with a path inside the asar, which cannot be executed.
 */
export function engineEnv(env: NodeJS.ProcessEnv, ffmpegDir?: string, pathDelimiter: string = delimiter): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ELECTRON_RUN_AS_NODE: '1' };
  delete out.NODE_OPTIONS;
  // Windows spells it Path; keep whichever key the environment uses.
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  if (ffmpegDir) out[key] = env[key] ? `${env[key]}${pathDelimiter}${ffmpegDir}` : ffmpegDir;
  return out;
}

/** Forks one engine process; its output goes to ours with a prefix. */
export function spawnEngine(command: EngineCommand): ChildProcess {
  const child = fork(command.script, engineArgs(command), {
    execPath: command.execPath ?? process.execPath,
    env: engineEnv(process.env, command.ffmpegDir),
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
