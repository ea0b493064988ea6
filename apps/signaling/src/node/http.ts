/**
 * Plain HTTP on the signalling port: a health probe for load balancers and a Prometheus scrape
 * endpoint. Everything else is 404 unless the embedding app serves it (the viewer UI).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** What the HTTP endpoints report. */
export interface HttpStatus {
  startedAt: number;
  connections: () => number;
  registry: Registry;
  /** Everything else (e.g. the viewer UI); absent: 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Handles GET /healthz and GET /metrics; anything else goes to the fallback, or 404. */
export function handleHttp(status: HttpStatus, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    const body = { ok: true, uptimeSeconds: Math.round((Date.now() - status.startedAt) / 1000), connections: status.connections() };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    return;
  }
  if (req.method === 'GET' && path === '/metrics') {
    status.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': status.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
    return;
  }
  if (status.fallback) return status.fallback(req, res);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}
