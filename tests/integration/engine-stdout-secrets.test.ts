// Audit item 7: a normal headless run printed the admin token (in the UI link) and the one-time
// pairing token (URI and QR code) to stdout, which a service's journal keeps. The real CLI with
// its output piped (as under systemd) must print neither; it still says where the token is.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/rtsp-server.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('vigil-streamer output', () => {
  it('a headless run logs neither the admin token nor a pairing code', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-stdout-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 } }));
    const child = spawn(process.execPath, [CLI, '--headless', '--data-dir', dir, '--api-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await waitFor(() => out, (text) => /Press Ctrl\+C/.test(text) || child.exitCode !== null, 30_000, { what: 'the CLI to start' });
      const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
      expect(out).not.toContain(token);
      expect(out).not.toMatch(/vigil:\/\/pair|[?&]t=|▄/);
      expect(out).toContain(`admin token in ${join(dir, 'admin-token')}`);
      expect(out).toMatch(/Pairing codes are not printed here/);
    } finally {
      // Waits for the engine to exit: it still writes its data folder while it stops, and the
      // folder's removal after the test would race those writes (ENOTEMPTY).
      await stopChild(child);
    }
  });
});
