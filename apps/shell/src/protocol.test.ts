import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './origin.ts';
import { createAppProtocolHandler, resolveAppPath } from './protocol.ts';

const base = mkdtempSync(join(tmpdir(), 'vigil-protocol-'));
const root = join(base, 'dist');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><p>ui</p>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppProtocolHandler({ root, origin: APP_ORIGIN, csp: "default-src 'self'" });
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for / and files under the root, with CSP and MIME type', async () => {
    const index = await get('app://vigil/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<p>ui</p>');
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await get('app://vigil/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    'app://vigil/../secret.txt',
    'app://vigil/%2e%2e/secret.txt',
    'app://vigil/assets/%2e%2e/%2e%2e/secret.txt',
    'app://vigil/..%2fsecret.txt',
    'app://vigil/..%5csecret.txt',
    'app://vigil/%2fetc%2fpasswd',
    'app://vigil/assets/app.js%00.html',
    'app://vigil/link.txt',
    'app://vigil/assets',
    'app://vigil/missing.html',
    'app://vigil/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses another host on the scheme', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://vigil/index.html', 'POST')).status).toBe(405);
    expect((await get('app://vigil/index.html', 'HEAD')).status).toBe(200);
  });

  it('serves the fallback page when the UI is not built', async () => {
    const empty = createAppProtocolHandler({ root: join(base, 'nothing'), origin: APP_ORIGIN, csp: 'x', fallbackIndex: '<p>fallback</p>' });
    const response = await empty(new Request('app://vigil/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>fallback</p>');
    expect((await empty(new Request('app://vigil/other.js'))).status).toBe(404);
  });
});

describe('resolveAppPath', () => {
  it('stays inside the root', () => {
    expect(resolveAppPath('/srv/ui', '/a/b.js')).toBe('/srv/ui/a/b.js');
    expect(resolveAppPath('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(resolveAppPath('/srv/ui', '/a/../../etc/passwd')).toBeUndefined();
    expect(resolveAppPath('/srv/ui', '/C:/Windows/win.ini')).toBeUndefined();
  });
});
