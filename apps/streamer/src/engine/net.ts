/** Addresses the engine advertises to viewers. */
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '@vigil/shared/pairing';

/** The machine's first non-internal IPv4 address (what a viewer on the LAN dials), if any. */
export function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/** The host viewers should use for a server listening on `host`. */
export function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return lanAddress() ?? '127.0.0.1';
  return host;
}

/** True when `host` only accepts connections from this machine. */
export const isLoopback = (host: string): boolean => isLoopbackHost(host);
