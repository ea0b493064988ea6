/**
 * A PulseAudio server with a null sink, for browsers that must play sound on a machine without a
 * sound card: Firefox's WebAudio runs only with an audio backend (on Debian, PulseAudio), and
 * without one an AudioContext stays suspended. The server runs in its own temporary directory, on
 * its own socket (no D-Bus, no cookie, no system service); a browser is pointed at it with the
 * `PULSE_SERVER` environment variable.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './rtsp-server.ts';
import { waitFor } from './wait.ts';

/** A running sound server. */
export interface PulseServer {
  /** The value of PULSE_SERVER for a client. */
  server: string;
  stop(): Promise<void>;
}

/** Starts `pulseaudio` (installed by .ci/run) with one null sink; resolves once its socket exists. */
export async function startPulse(): Promise<PulseServer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-pulse-'));
  const socket = join(dir, 'native');
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir };
  const child = spawn(
    'pulseaudio',
    ['-n', '--daemonize=no', '--exit-idle-time=-1', '--disable-shm=yes', '--use-pid-file=no', '-L', 'module-null-sink sink_name=vigil', '-L', `module-native-protocol-unix auth-anonymous=1 socket=${socket}`],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => existsSync(socket) || child.exitCode !== null, Boolean, 10_000, { what: 'the PulseAudio socket' });
    if (child.exitCode !== null) throw new Error(`pulseaudio exited: ${stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { server: `unix:${socket}`, stop };
}
