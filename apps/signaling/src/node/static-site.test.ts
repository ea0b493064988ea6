import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticSite, UI_CSP } from './static-site.ts';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-site-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>Vigil</title>');
  await writeFile(join(dir, 'dist', 'manifest.webmanifest'), '{"name":"Vigil Viewer"}');
  await writeFile(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'top secret');
  await symlink(join(dir, 'secret.txt'), join(dir, 'dist', 'link.txt'));
  const handle = createStaticSite(join(dir, 'dist'));
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('static UI site', () => {
  it('serves the app with a strict CSP and long-cached assets', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(UI_CSP);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>Vigil</title>');
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await (await fetch(`${base}/streamers`)).text()).toContain('<title>Vigil</title>'); // client route
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves anything outside its folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/link.txt', '/..%5csecret.txt', '/%00', '/missing.js']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('top secret');
    }
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  it('says how to build the UI when it is missing', async () => {
    const handle = createStaticSite(join(dir, 'nothing-here'));
    const other = createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    other.close();
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:viewer');
  });
});
