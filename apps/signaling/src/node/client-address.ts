/**
 * The address a connection comes from. Behind a reverse proxy (Caddy, nginx) every socket comes
 * from the proxy; when the proxy is listed in `trustedProxies`, the client is the nearest
 * X-Forwarded-For hop that is not itself a trusted proxy. Without that list the header is
 * ignored: anybody can write it.
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Parses `trustedProxies` entries (an address, or a CIDR range); throws on a malformed one. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max))) {
      throw new Error(`trusted proxy "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as `192.0.2.1`; absent as 'unknown'. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The client's address: the socket's, or through trusted proxies the X-Forwarded-For hop before them. */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trusted: BlockList | undefined): string {
  let address = normalizeAddress(req.socket.remoteAddress);
  if (!trusted) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  // Walk from the nearest hop outwards while the current one is a proxy we trust.
  while (hops.length > 0 && isTrusted(trusted, address)) {
    const next = normalizeAddress(hops.pop());
    if (isIP(next) === 0) break; // a garbled entry: keep the last address we could vouch for
    address = next;
  }
  return address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
