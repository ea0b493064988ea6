/**
 * Sends WS-Discovery Probes and collects the devices that answer: multicast to
 * 239.255.255.250:3702 from each LAN interface, and unicast to extra targets (cameras on another
 * subnet that a person names, or the loopback test device). Answers arrive by unicast to the
 * socket that probed. The `onvif` package's Discovery cannot do this (one socket, multicast only,
 * a process-wide emitter), so the Probe is sent here and the package is used for device calls.
 */
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { DiscoveredDevice } from '@vigil/shared/onvif';
import { buildProbe, describeScopes, parseProbeMatches, pickXAddr, PROBE_TYPES, WS_DISCOVERY_GROUP, WS_DISCOVERY_PORT } from './ws-discovery.ts';

export interface ProbeOptions {
  /** How long to listen for answers (ms). */
  timeoutMs: number;
  /**
   * IPv4 addresses or interface names to multicast from. Default: every non-internal IPv4
   * interface. An empty list multicasts nowhere (tests, or unicast-only setups).
   */
  interfaces?: readonly string[];
  /** Extra unicast targets, "host" or "host:port" (port 3702 when absent). */
  targets?: readonly string[];
  /** Delay before each Probe is sent again (WS-Discovery's UDP repeat), ms. Default 200. */
  repeatAfterMs?: number;
}

export interface ProbeOutcome {
  devices: DiscoveredDevice[];
  probed: string[];
  warnings: string[];
}

/** Probes and resolves after `timeoutMs` with every distinct device that answered. */
export async function probeDevices(options: ProbeOptions): Promise<ProbeOutcome> {
  const messageIds = new Set<string>();
  const probes = PROBE_TYPES.map((type) => {
    const id = `urn:uuid:${randomUUID()}`;
    messageIds.add(id);
    return Buffer.from(buildProbe(id, type), 'utf8');
  });
  const devices = new Map<string, DiscoveredDevice>();
  const warnings: string[] = [];
  const probed: string[] = [];
  const multicast: Socket[] = [];

  const listen = (socket: Socket) =>
    socket.on('message', (message, from) => {
      const parsed = parseProbeMatches(message.toString('utf8'));
      if (!parsed || (parsed.relatesTo !== undefined && !messageIds.has(parsed.relatesTo))) return;
      for (const match of parsed.matches) {
        if (devices.has(match.endpoint)) continue;
        const xaddr = pickXAddr(match.xaddrs, from.address);
        if (!xaddr) continue;
        const scopes = describeScopes(match.scopes);
        const url = new URL(xaddr);
        devices.set(match.endpoint, {
          id: match.endpoint,
          name: scopes.name ?? scopes.hardware ?? url.hostname,
          ...(scopes.hardware ? { model: scopes.hardware } : {}),
          ...(scopes.location ? { location: scopes.location } : {}),
          host: url.host,
          xaddr,
        });
      }
    });

  const sendAll = (socket: Socket, port: number, host: string) => {
    for (const probe of probes) socket.send(probe, port, host, (error) => error && warnings.push(`${host}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
  };

  // Multicast: one socket per interface, so each Probe leaves through that interface.
  for (const address of multicastAddresses(options.interfaces)) {
    try {
      const socket = await openSocket(address);
      multicast.push(listen(socket));
      socket.setMulticastInterface(address);
      socket.setMulticastTTL(1); // WS-Discovery stays on the local link
      probed.push(address);
    } catch (error) {
      warnings.push(`${address}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const unicast = (options.targets ?? []).map(parseTarget);
  const unicastSocket = unicast.length > 0 ? listen(await openSocket()) : undefined;
  probed.push(...unicast.map((t) => `${t.host}:${t.port}`));

  const sendRound = () => {
    for (const socket of multicast) sendAll(socket, WS_DISCOVERY_PORT, WS_DISCOVERY_GROUP);
    for (const target of unicast) if (unicastSocket) sendAll(unicastSocket, target.port, target.host);
  };
  sendRound();
  const repeat = setTimeout(sendRound, Math.min(options.repeatAfterMs ?? 200, options.timeoutMs / 2));
  await new Promise((resolve) => setTimeout(resolve, options.timeoutMs));
  clearTimeout(repeat);
  for (const socket of [...multicast, unicastSocket]) socket?.close();
  return { devices: [...devices.values()].sort((a, b) => a.name.localeCompare(b.name) || a.host.localeCompare(b.host)), probed, warnings: [...new Set(warnings)] };
}

/** The IPv4 addresses to multicast from: named interfaces or addresses, or every LAN one. */
export function multicastAddresses(wanted: readonly string[] | undefined): string[] {
  const interfaces = networkInterfaces();
  const lan = Object.values(interfaces)
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
  if (wanted === undefined) return lan;
  return wanted.flatMap((item) => {
    const named = interfaces[item];
    if (named) return named.filter((a) => a.family === 'IPv4').map((a) => a.address);
    return [item];
  });
}

function parseTarget(target: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(target.trim());
  return { host: match?.[1] ?? target, port: match?.[2] ? Number(match[2]) : WS_DISCOVERY_PORT };
}

function openSocket(address?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(0, address, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // late ICMP errors: the answer simply does not come
      resolve(socket);
    });
  });
}
