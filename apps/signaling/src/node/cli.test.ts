import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSelfSigned } from './selfSigned.ts';
import { DEFAULT_TLS_DIR, optionsFromArgs, startFromArgs } from './cli.ts';

describe('vigil-signal arguments', () => {
  it('defaults to plain ws on loopback port 8443 and --help returns null', async () => {
    expect(await optionsFromArgs([])).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(await optionsFromArgs(['--help'])).toBeNull();
  });

  it('turns TLS on for --tls-dir, --tls, and any non-loopback host', async () => {
    expect(await optionsFromArgs(['--tls-dir', '/x'])).toMatchObject({ tls: { selfSigned: { dir: '/x' } } });
    expect(await optionsFromArgs(['--tls'])).toMatchObject({ tls: { selfSigned: { dir: DEFAULT_TLS_DIR } } });
    expect(await optionsFromArgs(['--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', tls: { selfSigned: { dir: DEFAULT_TLS_DIR } } });
  });

  it('rejects bad input', async () => {
    await expect(optionsFromArgs(['--port', '70000'])).rejects.toThrow(/--port/);
    await expect(optionsFromArgs(['--tls-cert', 'a.pem'])).rejects.toThrow(/go together/);
    await expect(optionsFromArgs(['--nope'])).rejects.toThrow(/Unknown option/);
  });

  it('starts with PEM files and prints the URL and both fingerprint forms', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
    const pair = await generateSelfSigned();
    await writeFile(join(dir, 'c.pem'), pair.cert);
    await writeFile(join(dir, 'k.pem'), pair.key);
    const lines: string[] = [];
    const server = await startFromArgs(['--port', '0', '--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')], (l) => lines.push(l));
    try {
      expect(lines[0]).toMatch(/^vigil-signal listening on wss:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[1]).toContain(server!.fingerprint!.pin);
      expect(lines[2]).toContain(server!.fingerprint!.spkiSha256);
    } finally {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bin/vigil-signal.js', () => {
  it('runs the TypeScript entry, prints the URL, and exits 0 on SIGTERM after closing', async () => {
    const bin = fileURLToPath(new URL('../../bin/vigil-signal.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const port = /:(\d+)/.exec(out)![1];
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: closing connections');
  });
});
