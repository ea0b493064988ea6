import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSelfSigned } from './selfSigned.ts';
import { DEFAULT_TLS_DIR, optionsFromArgs, startFromArgs } from './cli.ts';

describe('vigil-signal arguments', () => {
  it('defaults to plain ws on loopback port 8443 and --help returns null', async () => {
    expect(await optionsFromArgs(['--no-viewer'])).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(await optionsFromArgs([])).toMatchObject({ host: '127.0.0.1', port: 8443 });
    expect(await optionsFromArgs(['--help'])).toBeNull();
  });

  it('turns TLS on for --tls-dir, --tls, and any non-loopback host', async () => {
    expect(await optionsFromArgs(['--tls-dir', '/x'])).toMatchObject({ tls: { selfSigned: { dir: '/x' } } });
    expect(await optionsFromArgs(['--tls'])).toMatchObject({ tls: { selfSigned: { dir: DEFAULT_TLS_DIR } } });
    expect(await optionsFromArgs(['--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', tls: { selfSigned: { dir: DEFAULT_TLS_DIR } } });
  });

  it('reads --redis with its password from the environment, never from argv', async () => {
    expect(await optionsFromArgs(['--no-viewer', '--redis', 'redis://10.0.0.5:6379/2'], { VIGIL_REDIS_PASSWORD: 'p@ss' })).toMatchObject({ redis: { url: 'redis://:p%40ss@10.0.0.5:6379/2' } });
    expect(await optionsFromArgs(['--no-viewer'], { VIGIL_REDIS_URL: 'rediss://r.example:6380' })).toMatchObject({ redis: { url: 'rediss://r.example:6380' } });
    expect(await optionsFromArgs(['--no-viewer', '--drain-timeout', '30'], {})).toMatchObject({ drainTimeoutMs: 30_000 });
    await expect(optionsFromArgs(['--redis', 'redis://:secret@h:6379'], {})).rejects.toThrow(/VIGIL_REDIS_PASSWORD/);
    await expect(optionsFromArgs(['--redis', 'http://h:6379'], {})).rejects.toThrow(/redis:\/\//);
    await expect(optionsFromArgs(['--redis', 'nope'], {})).rejects.toThrow(/must be a URL/);
    await expect(optionsFromArgs(['--drain-timeout', '-1'], {})).rejects.toThrow(/--drain-timeout/);
  });

  it('rejects bad input', async () => {
    await expect(optionsFromArgs(['--port', '70000'])).rejects.toThrow(/--port/);
    await expect(optionsFromArgs(['--tls-cert', 'a.pem'])).rejects.toThrow(/go together/);
    await expect(optionsFromArgs(['--nope'])).rejects.toThrow(/Unknown option/);
    await expect(optionsFromArgs(['--viewer', '/nonexistent'])).rejects.toThrow(/no index.html there/);
    await expect(optionsFromArgs(['--viewer', '/x', '--no-viewer'])).rejects.toThrow(/exclude each other/);
    await expect(optionsFromArgs(['--trusted-proxy', 'proxy.local'])).rejects.toThrow(/"proxy.local" is not an IP address/);
  });

  it('serves the viewer named by --viewer at / with the strict policy, and lists trusted proxies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-viewer-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Vigil Viewer</title>');
    await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"Vigil"}');
    const lines: string[] = [];
    const server = await startFromArgs(['--port', '0', '--viewer', dir, '--trusted-proxy', '127.0.0.1', '--trusted-proxy', '10.0.0.0/8'], (l) => lines.push(l));
    try {
      const base = lines.find((l) => l.startsWith('viewer: '))!.split(' ')[1]!;
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Vigil Viewer');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect((await fetch(`${base}manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json');
      expect((await fetch(`${base}healthz`)).status).toBe(200); // still the server's own
      expect(await optionsFromArgs(['--trusted-proxy', '127.0.0.1', '--trusted-proxy', '::1'])).toMatchObject({ trustedProxies: ['127.0.0.1', '::1'] });
    } finally {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    }
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
  it('runs the TypeScript entry, prints the URL, and exits 0 on SIGTERM after draining', async () => {
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
    expect(out).toContain('SIGTERM: draining');
  });
});
