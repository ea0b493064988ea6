/**
 * Serves a built UI as static files: the viewer (apps/viewer/dist) on the signalling port (the
 * streamer's embedded server, and `vigil-signal --viewer`), so a browser opens the viewer and its
 * signalling from one origin; the streamer UI (apps/streamer/dist) on the engine's loopback
 * control API. GET/HEAD only, no path escapes, strict CSP (the streamer UI's is stricter still).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built viewer lives in a checkout. */
export const DEFAULT_VIEWER_DIST = fileURLToPath(new URL('../../../viewer/dist/', import.meta.url));

/** The same policy as the Electron shell's (apps/shell/src/csp.ts), for the browser. */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Content types of the files a built UI holds (test servers of built UIs use the same). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy': UI_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // The microphone: the viewer's push-to-talk (only while its button is held).
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), usb=(), serial=(), hid=()',
};

/**
 * A request handler serving `root`; unknown paths without an extension get index.html. `csp`
 * replaces the default policy (a UI on another origin than its API must name that API).
 */
export function createStaticSite(root: string, buildHint = 'npm run build:viewer', csp = UI_CSP) {
  const headers = { ...SECURITY_HEADERS, 'content-security-policy': csp };
  const rootReal = realpath(root).then((p) => p + sep, () => undefined);

  async function resolveFile(urlPath: string): Promise<string | undefined> {
    const base = await rootReal;
    if (!base) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
    const candidate = join(base, decoded === '/' ? 'index.html' : decoded);
    const real = await realpath(candidate).catch(() => undefined);
    if (real && real.startsWith(base) && (await stat(real)).isFile()) return real;
    // Client-side routes (no extension) load the app; a missing asset is a 404.
    return extname(decoded) === '' ? join(base, 'index.html') : undefined;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!(await rootReal)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`This interface is not built yet: run \`${buildHint}\` on the streamer.\n`);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = await resolveFile(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('not found\n');
      return;
    }
    const immutable = file.includes(`${sep}assets${sep}`); // Vite fingerprints these names
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}
