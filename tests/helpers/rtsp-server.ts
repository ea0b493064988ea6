/**
 * Starts tests/fixtures/rtsp-server.py (GStreamer's RTSP server), waits until it listens, and
 * stops it. Debian's /usr/bin/python3 is used because it has `gi`. Without a port asked for, the
 * server binds port 0 and says which port it got ("READY <port>"): a port picked here and bound
 * there later could be taken by another test's process in between, and a connection test would
 * then find that process listening and call the dead camera ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../fixtures/rtsp-server.py', import.meta.url));

/** Options of the fixture server (see the script's --help). */
export interface RtspServerOptions {
  port?: number;
  mount?: string;
  user?: string;
  password?: string;
  codec?: 'h264' | 'h265' | 'jpeg';
  width?: number;
  height?: number;
  fps?: number;
  keyint?: number;
  /** What the camera shows (see the script): moving bars, a still picture, or a moving ball (gray or in colour). */
  scene?: 'scroll' | 'still' | 'ball' | 'colour-ball';
  bitrate?: number;
  /** Sound: a sine tone (`tone` Hz, default 440) in this codec as a second stream; default none. */
  audio?: 'none' | 'aac' | 'pcma' | 'opus';
  tone?: number;
  /** Serve an ONVIF audio backchannel and write what it receives here (raw s16le, 8 kHz mono). */
  backchannel?: string;
}

/** A running fixture server. */
export interface RtspServer {
  port: number;
  /** rtsp://127.0.0.1:port/mount, with credentials when given. */
  url(credentials?: { user: string; password: string }): string;
  /** What the server wrote on stderr so far (GStreamer's warnings), for a failing test to show. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the RTSP fixture and resolves once it listens. */
export async function startRtspServer(options: RtspServerOptions = {}): Promise<RtspServer> {
  const mount = options.mount ?? '/cam';
  const args = [SCRIPT, '--port', String(options.port ?? 0), '--mount', mount];
  for (const key of ['user', 'password', 'codec', 'width', 'height', 'fps', 'keyint', 'bitrate', 'scene', 'audio', 'tone', 'backchannel'] as const) {
    const value = options[key];
    if (value !== undefined) args.push(`--${key}`, String(value));
  }
  // The camera keeps its own clock: a test run under faketime moves the engine's clock, not the
  // camera's (GStreamer's digest nonces break when libfaketime shifts its clocks).
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...env } = process.env;
  const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await waitReady(child, () => stderr);
  // A camera that dies mid-test says so in the test's output (CI once found a camera "cannot be
  // reached" with nothing to tell whether it had died, hung, or never been asked).
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`rtsp-server.py on port ${port} (${mount}) exited by itself (${signal ?? `code ${code}`}): ${stderr.slice(-2000)}`);
  });
  return {
    port,
    url: (credentials) => `rtsp://${credentials ? `${credentials.user}:${credentials.password}@` : ''}127.0.0.1:${port}${mount}`,
    stderr: () => stderr,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

/** Resolves with the port of the script's "READY <port>" line; throws if it exits or takes 15 s. */
function waitReady(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let stdout = '';
    const done = (error?: Error, port?: number) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(port!);
    };
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^READY (\d+)$/m.exec(stdout);
      if (ready) done(undefined, Number(ready[1]));
    };
    const onExit = () => done(new Error(`rtsp-server.py exited: ${stderr()}`));
    const timer = setTimeout(() => {
      void stopChild(child);
      done(new Error(`rtsp-server.py did not say READY within 15 s: ${stderr()}`));
    }, 15_000);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Stops a child with SIGTERM, then SIGKILL after 3 s; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
