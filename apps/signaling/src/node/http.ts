/**
 * Plain HTTP on the signalling port: a health probe for load balancers and a Prometheus scrape
 * endpoint. Everything else is 404 unless the embedding app serves it (the viewer UI).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { isLoopbackHost } from '@vigil/shared/pairing';

/** `degraded`: routing reaches only this instance's connections (Redis is away); `draining`: restarting. */
export type ServerHealth = 'ok' | 'degraded' | 'draining';

/** What the HTTP endpoints report. */
export interface HttpStatus {
  startedAt: number;
  health: () => ServerHealth;
  connections: () => number;
  registry: Registry;
  /** Everything else (e.g. the viewer UI); absent: 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Serve /metrics to any address, not only to this machine (see options.ts publicMetrics). */
  publicMetrics?: boolean;
}

/** Handles GET /healthz and GET /metrics; anything else goes to the fallback, or 404. */
export function handleHttp(status: HttpStatus, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    // A bare answer: this port faces the LAN (or the internet), and connection counts would tell
    // anyone when somebody is watching. Degraded still serves (its own connections), so a load
    // balancer keeps it; a draining instance answers 503 so the balancer sends nobody new.
    const health = status.health();
    const body = health === 'ok' ? { ok: true } : { ok: health === 'degraded', status: health };
    res.writeHead(health === 'draining' ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    return;
  }
  if (req.method === 'GET' && path === '/metrics' && (status.publicMetrics || fromThisMachine(req))) {
    status.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': status.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
    return;
  }
  if (status.fallback) return status.fallback(req, res);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

/**
 * A request made on this machine itself: a loopback socket that no proxy forwarded. Behind a
 * reverse proxy on the same host every request arrives over loopback; its forwarding headers tell
 * the internet's requests apart (a local Prometheus sends none).
 */
function fromThisMachine(req: IncomingMessage): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined) return false;
  return isLoopbackHost(mappedV4(req.socket.remoteAddress ?? ''));
}

/** `::ffff:127.0.0.1` (an IPv4 client of a dual-stack socket) as `127.0.0.1`. */
function mappedV4(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
