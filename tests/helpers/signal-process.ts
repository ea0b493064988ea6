/**
 * The standalone `vigil-signal` as people run it: its own process from apps/signaling/bin, the URL
 * and key pins read from what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

const BIN = fileURLToPath(new URL('../../apps/signaling/bin/vigil-signal.js', import.meta.url));

/** A running relay: where it listens, the pins it printed, everything it printed. */
export interface SignalProcess {
  url: string;
  /** The pairing code's short pin. */
  pin: string;
  /** base64 SPKI SHA-256, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `vigil-signal --host <host> --port 0 --tls-dir <tlsDir>` and waits for its banner. */
export async function startSignalProcess(host: string, tlsDir: string, extraArgs: string[] = [], port = 0): Promise<SignalProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, '--host', host, '--port', String(port), '--tls-dir', tlsDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(() => text, (t) => /SPKI SHA-256.*: \S+\n/.test(t) || child.exitCode !== null, 30_000, { what: 'vigil-signal to print its URL and pins' });
    const url = /listening on (\S+)/.exec(text)?.[1];
    const pin = /pairing fp\): (\S+)/.exec(text)?.[1];
    const spkiSha256 = /spki-list\): (\S+)/.exec(text)?.[1];
    if (!url || !pin || !spkiSha256) throw new Error(`vigil-signal did not print its URL and pins: ${text}`);
    return { url, pin, spkiSha256, output: () => text, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
