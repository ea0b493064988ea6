// Audit item 8: a remote plain ws:// relay was accepted and the CLI then crashed on its first QR
// code (as did a wss:// relay without a pin); `api.host: 0.0.0.0` was accepted without a word.
// Each case runs the real CLI on a config file.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the CLI on `config` until `done(output)` holds or it exits, calls `whileUp` with its API and
 * token if it runs, then stops it (SIGTERM); resolves with everything it printed and its exit code.
 */
async function run(config: object, done: (out: string) => boolean, whileUp?: (api: string, token: string) => Promise<void>): Promise<{ out: string; code: number | null }> {
  dir = await mkdtemp(join(tmpdir(), 'vigil-config-checks-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, name: 'Checks', ...config }));
  const child = spawn(process.execPath, [CLI, '--headless', '--data-dir', dir, '--api-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(() => out, (text) => done(text) || child.exitCode !== null, 30_000, { what: 'the CLI to print what the test looks for, or exit' });
  if (child.exitCode === null && whileUp) {
    const api = /control API\s+(http:\/\/\S+)/.exec(out)![1]!;
    await whileUp(api, (await readFile(join(dir, 'admin-token'), 'utf8')).trim());
  }
  if (child.exitCode === null) child.kill('SIGTERM');
  return { out, code: await exited };
}

describe('engine config checks', () => {
  it('refuses a plain ws:// relay off loopback with the field named, no stack', async () => {
    const { out, code } = await run({ signaling: { mode: 'remote', url: 'ws://192.0.2.10:8443' } }, () => false);
    expect(out).toMatch(/signaling\.url: plain ws:\/\/ is allowed only on loopback/);
    expect(out).not.toMatch(/^\s+at /m);
    expect(code).toBe(1);
  });

  it('refuses a wss:// relay without its pin', async () => {
    const { out, code } = await run({ signaling: { mode: 'remote', url: 'wss://relay.example:8443' } }, () => false);
    expect(out).toMatch(/signaling\.fingerprint: is required for a wss:\/\/ relay/);
    expect(code).toBe(1);
  });

  it('prints the pairing code of a pinned wss:// relay', async () => {
    const pin = Buffer.alloc(32, 7).toString('base64');
    let uri = '';
    const { out } = await run({ signaling: { mode: 'remote', url: 'wss://127.0.0.1:9', fingerprint: pin } }, (text) => /Press Ctrl\+C/.test(text), async (api, token) => {
      uri = ((await (await fetch(`${api}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { uri: string }).uri;
    });
    expect(uri).toContain(`u=127.0.0.1:9&`);
    expect(uri).toContain(`fp=${Buffer.alloc(16, 7).toString('base64url')}`);
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('warns when the control API listens off loopback', async () => {
    const { out } = await run({ api: { host: '0.0.0.0', port: 0 }, signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 } }, (text) => /Press Ctrl\+C/.test(text));
    expect(out).toMatch(/WARNING: the control API listens on 0\.0\.0\.0, not loopback/);
  });
});
