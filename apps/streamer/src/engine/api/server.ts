/**
 * The control API's HTTP + WebSocket server (see shared/src/api/control.ts for the routes).
 * Every route but /healthz needs the admin token; bodies are bounded and validated by the target.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { applyConnectionLimits, type ConnectionLimits } from '@vigil/signaling/node';
import type { CameraView, EngineEvent, PairedViewerView, PairingOfferView, SessionView, UsbDevice } from '@vigil/shared/api';
import { tokenMatches } from '../config/token.ts';
import { ApiFailure } from './errors.ts';
import { attachEventSocket } from './events.ts';
import { allowedHosts, hostAllowed } from './host-guard.ts';

/** What the API administers; the engine implements it over its config store and cameras. */
export interface ControlTarget {
  listCameras(): CameraView[];
  addCamera(input: unknown): Promise<CameraView>;
  updateCamera(id: string, input: unknown): Promise<CameraView>;
  removeCamera(id: string): Promise<void>;
  listDevices(): Promise<UsbDevice[]>;
  listSessions(): SessionView[];
  closeSession(id: string): boolean;
  createPairingOffer(): Promise<PairingOfferView>;
  listViewers(): PairedViewerView[];
  renameViewer(id: string, input: unknown): Promise<PairedViewerView>;
  revokeViewer(id: string): Promise<void>;
  /** A live preview for the streamer UI: the page's offer in, the engine's answer out. */
  openPreview(cameraId: string, input: unknown): Promise<{ sessionId: string; sdp: string }>;
  recordings: {
    list(query: URLSearchParams): unknown;
    usage(): unknown;
    startExport(input: unknown): { id: string };
    clip(id: string): string;
    verify(input: unknown): Promise<unknown>;
    /** A segment file's path (served with HTTP Range for playback). */
    segment(camera: string, file: string): string;
    /** A segment's thumbnail JPEG path (made on demand). */
    thumbnail(camera: string, file: string): Promise<string>;
    storage(): Promise<unknown>;
    /** A signed URL for a media path, and the check of one (see control.ts, Auth). */
    link(input: unknown): unknown;
    signedFor(path: string, query: URLSearchParams): boolean;
  };
  system: {
    view(): Promise<unknown>;
    logs(query: URLSearchParams): unknown;
  };
  alerts: {
    view(): unknown;
    update(input: unknown): Promise<unknown>;
    setMode(input: unknown): Promise<unknown>;
    test(id: string): Promise<unknown>;
    outbox(): unknown;
    retry(input: unknown): void;
  };
  /** ONVIF discovery and profiles (optional: a target without it answers 404). */
  onvif?: {
    discover(input: unknown): Promise<unknown>;
    profiles(input: unknown): Promise<unknown>;
    preview(input: unknown): Promise<unknown>;
  };
  onEvent(listener: (event: EngineEvent) => void): () => void;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface ControlApiOptions {
  host: string;
  port: number;
  token: string;
  target: ControlTarget;
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

type Handler = (
  params: string[],
  body: () => Promise<unknown>,
  query: URLSearchParams,
) => Promise<{ status: number; json?: unknown; text?: string; type?: string; file?: string; inline?: boolean; name?: string }>;

/** Creates the control API; call start() to listen and stop() to close every connection. */
export function createControlApi(options: ControlApiOptions) {
  const { target, token } = options;
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const onvif = () => {
    if (!target.onvif) throw new ApiFailure('not-found', 'ONVIF is not available on this engine');
    return target.onvif;
  };
  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/api\/cameras$/, async () => ({ status: 200, json: target.listCameras() })],
    ['POST', /^\/api\/cameras$/, async (_p, body) => ({ status: 201, json: await target.addCamera(await body()) })],
    ['PUT', /^\/api\/cameras\/([^/]+)$/, async (p, body) => ({ status: 200, json: await target.updateCamera(p[0]!, await body()) })],
    ['DELETE', /^\/api\/cameras\/([^/]+)$/, async (p) => (await target.removeCamera(p[0]!), { status: 204 })],
    ['POST', /^\/api\/cameras\/([^/]+)\/webrtc$/, async (p, body) => ({ status: 201, json: await target.openPreview(p[0]!, await body()) })],
    ['GET', /^\/api\/devices$/, async () => ({ status: 200, json: await target.listDevices() })],
    ['GET', /^\/api\/sessions$/, async () => ({ status: 200, json: target.listSessions() })],
    ['DELETE', /^\/api\/sessions\/([^/]+)$/, async (p) => {
      if (!target.closeSession(p[0]!)) throw new ApiFailure('not-found', `no live session "${p[0]}"`);
      return { status: 204 };
    }],
    ['POST', /^\/api\/pairing\/offers$/, async () => ({ status: 201, json: await target.createPairingOffer() })],
    ['GET', /^\/api\/viewers$/, async () => ({ status: 200, json: target.listViewers() })],
    ['PATCH', /^\/api\/viewers\/([^/]+)$/, async (p, body) => ({ status: 200, json: await target.renameViewer(p[0]!, await body()) })],
    ['DELETE', /^\/api\/viewers\/([^/]+)$/, async (p) => (await target.revokeViewer(p[0]!), { status: 204 })],
    ['GET', /^\/api\/recordings$/, async (_p, _b, q) => ({ status: 200, json: target.recordings.list(q) })],
    ['GET', /^\/api\/recordings\/usage$/, async () => ({ status: 200, json: target.recordings.usage() })],
    ['POST', /^\/api\/recordings\/export$/, async (_p, body) => ({ status: 202, json: target.recordings.startExport(await body()) })],
    ['GET', /^\/api\/recordings\/exports\/([^/]+)\/clip\.mp4$/, async (p) => {
      // Downloaded under its bundle's name (camera and range), not as "clip.mp4".
      const file = target.recordings.clip(p[0]!);
      return { status: 200, file, type: 'video/mp4', name: `${basename(dirname(file))}.mp4` };
    }],
    ['POST', /^\/api\/recordings\/verify$/, async (_p, body) => ({ status: 200, json: await target.recordings.verify(await body()) })],
    ['GET', /^\/api\/recordings\/segments\/([^/]+)\/([^/]+)$/, async (p) => ({ status: 200, file: target.recordings.segment(p[0]!, p[1]!), type: 'video/mp4', inline: true })],
    ['GET', /^\/api\/recordings\/thumbnails\/([^/]+)\/([^/]+\.mp4)$/, async (p) => ({ status: 200, file: await target.recordings.thumbnail(p[0]!, p[1]!), type: 'image/jpeg', inline: true })],
    ['GET', /^\/api\/recordings\/storage$/, async () => ({ status: 200, json: await target.recordings.storage() })],
    ['POST', /^\/api\/recordings\/links$/, async (_p, body) => ({ status: 201, json: target.recordings.link(await body()) })],
    ['GET', /^\/api\/system$/, async () => ({ status: 200, json: await target.system.view() })],
    ['GET', /^\/api\/system\/logs$/, async (_p, _b, q) => ({ status: 200, json: target.system.logs(q) })],
    ['GET', /^\/api\/alerts$/, async () => ({ status: 200, json: target.alerts.view() })],
    ['PUT', /^\/api\/alerts$/, async (_p, body) => ({ status: 200, json: await target.alerts.update(await body()) })],
    ['PUT', /^\/api\/alerts\/mode$/, async (_p, body) => ({ status: 200, json: await target.alerts.setMode(await body()) })],
    ['POST', /^\/api\/alerts\/channels\/([^/]+)\/test$/, async (p) => ({ status: 200, json: await target.alerts.test(p[0]!) })],
    ['GET', /^\/api\/alerts\/outbox$/, async () => ({ status: 200, json: target.alerts.outbox() })],
    ['POST', /^\/api\/alerts\/outbox\/retry$/, async (_p, body) => (target.alerts.retry(await body()), { status: 204 })],
    ['POST', /^\/api\/onvif\/discover$/, async (_p, body) => ({ status: 200, json: await onvif().discover(await body()) })],
    ['POST', /^\/api\/onvif\/profiles$/, async (_p, body) => ({ status: 200, json: await onvif().profiles(await body()) })],
    ['POST', /^\/api\/onvif\/preview$/, async (_p, body) => ({ status: 200, json: await onvif().preview(await body()) })],
    ['GET', /^\/metrics$/, async () => {
      const m = await target.metrics();
      return { status: 200, text: m.body, type: m.contentType };
    }],
  ];

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => reply(res, toFailure(error)));
  });
  // Filled in once listening (the port may be 0 until then); empty refuses everything.
  let hosts = new Set<string>();
  applyConnectionLimits(server, { maxConnections: 128, ...options.connections });
  const events = attachEventSocket(server, { token, target, hosts: () => hosts, uiOrigins: options.uiOrigins ?? [] });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // A rebound DNS name reaches this port with the attacker's name in Host: refuse before anything.
    if (!hostAllowed(req, hosts)) throw new ApiFailure('forbidden', `requests must name this engine's own address in Host, not "${req.headers.host ?? ''}"`);
    if (allowCrossOrigin(req, res, options.uiOrigins ?? [])) return void res.writeHead(204).end();
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
    if (options.ui && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/metrics') return options.ui(req, res);
    const signed = (req.method === 'GET' || req.method === 'HEAD') && target.recordings.signedFor(path, url.searchParams);
    if (!signed && !tokenMatches(bearer(req), token)) throw new ApiFailure('unauthorized', 'missing or wrong admin token');
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(path);
      if (!match || method !== req.method) continue;
      const params = match.slice(1).map(decodeParam);
      const result = await handler(params, () => readJson(req, maxBody), url.searchParams);
      if (result.file !== undefined) {
        await sendFile(req, res, result.file, result.type ?? 'application/octet-stream', result.inline ?? false, result.name);
      } else if (result.text !== undefined) {
        res.writeHead(result.status, { 'content-type': result.type ?? 'text/plain' }).end(result.text);
      } else send(res, result.status, result.json);
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
