/**
 * The control API's HTTP + WebSocket server. It only assembles: the routes are the shared table's
 * (@vigil/shared/api/routes), their handlers come from the modules that own them (route.ts), and
 * every request passes the same Host check, token check, body parser and error shape here.
 * Every route but /healthz needs the admin token; bodies are bounded and validated by the handler.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import { applyConnectionLimits, type ConnectionLimits } from '@vigil/signaling/node';
import type { EngineEvent } from '@vigil/shared/api';
import { patternOf, routes as table, type RouteName, type RouteSpec } from '@vigil/shared/api/routes';
import { tokenMatches } from '../config/token.ts';
import { isLoopback } from '../net.ts';
import { ApiFailure } from './errors.ts';
import { attachEventSocket } from './events.ts';
import { allowedHosts, hostAllowed } from './host-guard.ts';
import type { RouteHandler, RouteHandlers } from './route.ts';

export interface ControlApiOptions {
  host: string;
  port: number;
  token: string;
  /** The modules' route handlers, by route name; a route without one answers 404. */
  routes: Partial<RouteHandlers>;
  /** The engine's public events, streamed on /api/events. */
  events(listener: (event: EngineEvent) => void): () => void;
  /** A GET of a media path carrying a valid signed link needs no token (recordings-admin.ts). */
  signedFor?(path: string, query: URLSearchParams): boolean;
  /** Largest request body accepted; camera configs are far smaller. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Serves the streamer UI for other GET requests (static files: no token needed). */
  ui?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /**
   * Exact origins of UIs served from elsewhere that may call the API from a browser (the Electron
   * app's `app://vigil`). They get CORS headers; every other origin gets none, so a web page the
   * user happens to visit cannot read the API even if it guessed the token.
   */
  uiOrigins?: readonly string[];
  /**
   * Raw-connection limits (signaling's connection-limits.ts): default 128 sockets at once (a UI
   * uses a handful; idle ones are evicted first), headers 10 s, keep-alive idle 5 s.
   */
  connections?: ConnectionLimits;
}

/** Creates the control API; call start() to listen and stop() to close every connection. */
export function createControlApi(options: ControlApiOptions) {
  const { token } = options;
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const routes = (Object.entries(table) as [RouteName, RouteSpec][]).map(([name, spec]) => ({ spec, ...patternOf(spec), handler: options.routes[name] as RouteHandler | undefined }));

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => reply(res, toFailure(error)));
  });
  // Filled in once listening (the port may be 0 until then); empty refuses everything.
  let hosts = new Set<string>();
  applyConnectionLimits(server, { maxConnections: 128, ...options.connections });
  const events = attachEventSocket(server, { token, target: { onEvent: options.events }, hosts: () => hosts, uiOrigins: options.uiOrigins ?? [] });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // A rebound DNS name reaches this port with the attacker's name in Host: refuse before anything.
    if (!hostAllowed(req, hosts)) throw new ApiFailure('forbidden', `requests must name this engine's own address in Host, not "${req.headers.host ?? ''}"`);
    if (allowCrossOrigin(req, res, options.uiOrigins ?? [])) return void res.writeHead(204).end();
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
    if (options.ui && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/metrics') return options.ui(req, res);
    const signed = (req.method === 'GET' || req.method === 'HEAD') && (options.signedFor?.(path, url.searchParams) ?? false);
    if (!signed && !tokenMatches(bearer(req), token)) throw new ApiFailure('unauthorized', 'missing or wrong admin token');
    for (const { spec, pattern, names, handler } of routes) {
      const match = pattern.exec(path);
      if (!match || spec.method !== req.method || !handler) continue;
      const params = Object.fromEntries(match.slice(1).map((value, i) => [names[i]!, decodeParam(value)]));
      const reply = await handler({ params: params as never, body: () => readJson(req, maxBody), query: url.searchParams });
      const status = spec.status ?? 200;
      if (reply && 'file' in reply) await sendFile(req, res, reply.file, reply.type, reply.inline ?? false, reply.name);
      else if (reply && 'text' in reply) res.writeHead(status, { 'content-type': reply.type }).end(reply.text);
      else send(res, status, reply?.json);
      return;
    }
    throw new ApiFailure('not-found', `no route ${req.method} ${path}`);
  }

  return {
    /** Listens; resolves with the bound port. */
    async start(): Promise<{ port: number; url: string }> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      hosts = allowedHosts(options.host, port);
      return { port, url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}` };
    },
    /** Closes the event sockets and the listener. */
    async stop(): Promise<void> {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Logs where the API listens, with a warning when that is not loopback: the API administers
 * everything (cameras, recordings, pairing) behind one token, so off loopback every machine that
 * reaches the port can try it, over plain HTTP.
 */
export function announceControlApi(host: string, url: string): void {
  console.info(`engine: control API on ${url}`);
  if (isLoopback(host)) return;
  console.warn(`engine: WARNING: the control API listens on ${host}, not loopback: any machine that reaches port ${new URL(url).port} can try the admin token over plain HTTP. Set api.host to 127.0.0.1 unless you put it behind a TLS proxy.`);
}

/**
 * Sends a file, honouring one `Range: bytes=a-b` (206) so media elements can seek; a range
 * past the end gets 416. Inline files play in the page, others download.
 */
async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, inline: boolean, name = basename(file)): Promise<void> {
  const size = await stat(file).then((s) => s.size, () => {
    throw new ApiFailure('not-found', `${basename(file)} is no longer there`);
  });
  const headers = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-store', 'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${name}"` };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    res.writeHead(206, { ...headers, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
  } else res.writeHead(200, { ...headers, 'content-length': size });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
}

/**
 * Adds CORS headers for an allowed `Origin`; true when the request was a preflight, which is
 * answered at once (browsers send no Authorization header on it).
 */
function allowCrossOrigin(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin || !origins.includes(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'content-length, content-range, content-disposition');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
  res.setHeader('access-control-allow-headers', 'authorization, content-type, range');
  res.setHeader('access-control-max-age', '600');
  return true;
}

/** A path parameter, decoded; a bad %-escape is the client's mistake (400), not the engine's (500). */
function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiFailure('bad-request', `path parameter "${text}" is not valid %-escaped text`);
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiFailure('too-large', `request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiFailure('bad-request', 'request body is not valid JSON');
  }
}

function toFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  console.error('control API: unexpected error', error);
  return new ApiFailure('internal', 'the engine failed to handle this request; see its log');
}

function reply(res: ServerResponse, failure: ApiFailure): void {
  if (res.headersSent) return void res.destroy();
  send(res, failure.status, failure.toBody());
}

function send(res: ServerResponse, status: number, json: unknown): void {
  if (status === 204) return void res.writeHead(204).end();
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(json));
}
