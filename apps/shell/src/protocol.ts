/**
 * The app:// protocol: serves the UI's built files from one folder, and nothing else. Loading the UI
 * from file:// would give the page the file:// origin (every local file is same-origin to it); a
 * standard, secure custom scheme gives it an origin of its own.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isAppUrl, type AppOrigin } from './origin.ts';

/** Scheme privileges, for protocol.registerSchemesAsPrivileged (before app 'ready'). */
export const APP_SCHEME_PRIVILEGES = {
  // standard: relative URLs and an origin; secure: counts as a secure context (getUserMedia, WebCrypto).
  standard: true,
  secure: true,
  supportFetchAPI: true,
  // stream: lets <video> read ranges. No bypassCSP; no corsEnabled, which would make app:// files
  // readable from any origin (leaving it unset keeps them same-origin only); no service workers.
  stream: true,
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The file a request path names inside `root`, or undefined when the path escapes it (`..`,
 * encoded `%2e%2e`, backslashes, NUL, absolute paths). Pure: no file system access.
 */
export function resolveAppPath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[A-Za-z]:/.test(s))) return undefined;
  const path = resolve(root, ...(segments.length ? segments : ['index.html']));
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return path;
}

/** Options of the protocol handler. */
export interface AppProtocolOptions {
  /** Folder of the built UI (absolute). */
  root: string;
  origin: AppOrigin;
  /** The CSP header of every response. */
  csp: string;
  /** Page served for index.html when the build is missing (e.g. the streamer UI before it exists). */
  fallbackIndex?: string;
}

/** A protocol.handle handler: GET/HEAD of files under `root`, 404 otherwise. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = resolve(options.root);
  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  const notFound = () => new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    if (!isAppUrl(request.url, options.origin)) return notFound();
    const path = resolveAppPath(root, new URL(request.url).pathname);
    if (!path) return notFound();
    try {
      // A symlink inside the folder must not lead outside it either.
      const real = await realpath(path);
      const realRoot = await realpath(root);
      if (!(real + sep).startsWith(realRoot + sep) || !(await stat(real)).isFile()) return notFound();
      const body = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: headers(MIME[extname(real).toLowerCase()] ?? 'application/octet-stream') });
    } catch {
      if (options.fallbackIndex !== undefined && path === resolve(root, 'index.html')) {
        return new Response(options.fallbackIndex, { status: 200, headers: headers(MIME['.html']!) });
      }
      return notFound();
    }
  };
}
