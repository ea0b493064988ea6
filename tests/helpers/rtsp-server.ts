/**
 * Starts tests/fixtures/rtsp-server.py (GStreamer's RTSP server) on a free port, waits until it
 * accepts connections, and stops it. Debian's /usr/bin/python3 is used because it has `gi`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

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
  stop(): Promise<void>;
}

/** Starts the RTSP fixture and resolves once it accepts TCP connections. */
export async function startRtspServer(options: RtspServerOptions = {}): Promise<RtspServer> {
  const port = options.port ?? (await freePort());
  const mount = options.mount ?? '/cam';
  const args = [SCRIPT, '--port', String(port), '--mount', mount];
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
  await waitReady(child, port, () => stderr);
  return {
    port,
    url: (credentials) => `rtsp://${credentials ? `${credentials.user}:${credentials.password}@` : ''}127.0.0.1:${port}${mount}`,
    stop: () => stopChild(child),
  };
}

async function waitReady(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rtsp-server.py exited: ${stderr()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error(`rtsp-server.py did not listen on ${port}: ${stderr()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
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
