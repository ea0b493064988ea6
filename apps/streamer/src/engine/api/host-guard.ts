/**
 * DNS rebinding and cross-site WebSocket defence for the control API. A page on another site can
 * make the browser send requests to 127.0.0.1 (rebinding its own name to it, or a WebSocket, which
 * CORS does not cover); the Host and Origin headers are the browser's word about where the page
 * believes it is, and neither can be forged by that page.
 */
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/** `host:port` pairs (lower case) under which the API listening on `host`:`port` may be addressed. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (wildcard) {
    // Listening everywhere: any of this machine's own addresses is a genuine name for it, and so
    // is its own host name (pi.local); a rebinding page can only bring a name of its own.
    names.add(hostname()).add(`${hostname()}.local`);
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) names.add(entry.family === 'IPv6' ? `[${entry.address}]` : entry.address);
    }
  } else names.add(host.includes(':') ? `[${host}]` : host);
  // Port 80 is the default: browsers then send the bare name in Host and Origin.
  return new Set([...names].flatMap((name) => [`${name.toLowerCase()}:${port}`, ...(port === 80 ? [name.toLowerCase()] : [])]));
}

/** True when the request names one of our own addresses in `Host` (HTTP/1.1 always sends it). */
export function hostAllowed(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && hosts.has(host);
}

/**
 * True when a WebSocket upgrade may proceed: no Origin (not a browser: a CLI or the Electron main
 * process, which still needs the token), the API's own origin, or a declared UI origin.
 */
export function originAllowed(req: IncomingMessage, hosts: ReadonlySet<string>, uiOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (uiOrigins.includes(origin)) return true;
  const match = /^http:\/\/([^/]+)$/i.exec(origin);
  return match !== null && hosts.has(match[1]!.toLowerCase());
}
