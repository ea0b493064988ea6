/**
 * Asks the home router to forward ports to this machine (UPnP-IGD v2, or NAT-PMP when given the
 * router's address), keeps the leases alive and gives them back at stop(), so viewers away from
 * home can reach the signalling port and the media ports directly.
 *
 * Never map the control API: the caller passes the ports to open and is responsible for that.
 *
 * Built on @achingbrain/nat-port-mapper for discovery (SSDP), the device description and its SOAP
 * transport, and NAT-PMP. Two of its UPnP calls are not used (4.0.5): `map` raises every lease to
 * at least an hour, and `unmap` deletes by internal port with an empty protocol, which miniupnpd
 * refuses (errors only logged: the mapping stays). So AddAnyPortMapping and DeletePortMapping are
 * sent through its device object with exact arguments. Its NAT-PMP `ttl` goes on the wire as
 * seconds although documented in ms; seconds are passed.
 *
 *   off ──map()──▶ working ──▶ ok ──(renewal fails)──▶ failed ──(next renewal works)──▶ ok
 *                          └─▶ failed (no router, refused)            stop() ──▶ off
 */
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { pmpNat, upnpNat, type Gateway } from '@achingbrain/nat-port-mapper';

/** One port or range to forward. */
export interface PortRequest {
  protocol: 'TCP' | 'UDP';
  /** The port on this machine, or an inclusive range (each port maps to the same external port). */
  internal: number | { from: number; to: number };
  /** External port for a single port (default: the internal one); the router may give another. */
  external?: number;
  /** This machine's LAN address (default: the one it uses to reach the router). */
  host?: string;
}

/** A mapping the router holds for us. */
export interface ActiveMapping {
  protocol: 'TCP' | 'UDP';
  external: number;
  internal: number;
  host: string;
  /** When the lease ends unless renewed (ms since the epoch). */
  expiresAt: number;
}

/** What the Remote access screen shows about port mapping. */
export interface PortMapperStatus {
  state: 'off' | 'working' | 'ok' | 'failed';
  /** In words a person understands. */
  detail: string;
  /** The router's external address, as it says. */
  routerAddress?: string;
  mappings: ActiveMapping[];
}

export interface PortMapperOptions {
  /** IGD description URL (`http://192.168.1.1:5000/rootDesc.xml`) for UPnP, or the router's IPv4 address for NAT-PMP; discovered with SSDP when absent. */
  gateway?: string;
  /** Lease asked for each mapping (default 3600 s, at least 2); renewed at half of it. */
  leaseSeconds?: number;
  /** Shown in the router's mapping list (default 'Vigil'). */
  description?: string;
  /** How long to look for a UPnP router or wait for one call to it (default 5000 ms). */
  timeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** The port mapper; does nothing until map(). */
export interface PortMapper {
  /** Maps every port asked (replacing earlier ones); resolves with the status, never throws for a router's answer. */
  map(requests: PortRequest[]): Promise<PortMapperStatus>;
  status(): PortMapperStatus;
  /** Called on every state change and when the router's external address changes; returns an unsubscribe. */
  onChange(listener: (status: PortMapperStatus) => void): () => void;
  /** Removes every mapping made and stops renewing. */
  stop(): Promise<void>;
}

/** What a router that will not tell its internet address is recorded as (never public). */
export const NO_ADDRESS = '0.0.0.0';

const WAN_IP_CONNECTION_2 = 'urn:schemas-upnp-org:service:WANIPConnection:2';
type SoapDevice = { run(service: string, action: string, args: [string, string | number][], options?: { signal?: AbortSignal }): Promise<Record<string, Record<string, string>>> };

/** Addresses a router's WAN may hold that the internet cannot reach (RFC 1918, CGNAT's 100.64/10, link-local, loopback). */
export function isNonPublicWan(address: string): boolean {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part))) return false;
  const [a = 0, b = 0] = parts;
  return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
}

/** Creates a port mapper. */
export function createPortMapper(options: PortMapperOptions = {}): PortMapper {
  const leaseSeconds = options.leaseSeconds ?? 3600;
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 2 || leaseSeconds > 604_800) throw new RangeError(`leaseSeconds must be an integer from 2 to 604800, not ${leaseSeconds}`);
  const description = (options.description ?? 'Vigil').slice(0, 64);
  const timeoutMs = options.timeoutMs ?? 5000;
  const log = options.log ?? (() => undefined);
  const listeners = new Set<(status: PortMapperStatus) => void>();
  let current: PortMapperStatus = { state: 'off', detail: 'port mapping has not started', mappings: [] };
  let router: Router | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let generation = 0;

  const set = (next: Partial<PortMapperStatus>) => {
    const before = current;
    current = { ...current, ...next };
    if (before.state !== current.state || before.routerAddress !== current.routerAddress || before.detail !== current.detail) {
      for (const listener of listeners) listener(snapshot());
    }
  };
  const snapshot = (): PortMapperStatus => ({ ...current, mappings: current.mappings.map((m) => ({ ...m })) });

  /**
   * The router's own internet address. A router that answers with none (miniupnpd does when its
   * WAN address is private or reserved, as behind a carrier NAT) reads as 0.0.0.0: not public.
   */
  async function routerAddressOf(r: Router): Promise<string | undefined> {
    const ip = await r.externalIp(timeoutMs).catch(() => undefined);
    if (ip === undefined) return current.routerAddress;
    return ip.trim() === '' ? NO_ADDRESS : ip.trim();
  }

  /** (Re)adds every mapping; used by map() and each renewal. */
  async function apply(wanted: Omit<ActiveMapping, 'expiresAt'>[], renewing: boolean, run: number): Promise<void> {
    try {
      router ??= await openRouter(options.gateway, timeoutMs);
      const done: ActiveMapping[] = [];
      for (const mapping of wanted) {
        const external = await router.add(mapping, leaseSeconds, description, timeoutMs);
        done.push({ ...mapping, external, expiresAt: Date.now() + leaseSeconds * 1000 });
      }
      const routerAddress = await routerAddressOf(router);
      if (run !== generation) return;
      const notPublic = routerAddress !== undefined && isNonPublicWan(routerAddress);
      set({
        state: notPublic ? 'failed' : 'ok',
        detail: notPublic
          ? `the router's own internet address (${routerAddress === NO_ADDRESS ? 'it reports none' : routerAddress}) is not public: it sits behind another NAT (carrier-grade NAT?), so the ports it opened cannot be reached from the internet`
          : `${done.length} port${done.length === 1 ? '' : 's'} forwarded by the router (${router.kind})`,
        routerAddress,
        mappings: done,
      });
    } catch (error) {
      if (run !== generation) return;
      const detail = explain(error, options.gateway, renewing);
      log('warn', 'port mapping failed', { detail });
      // The router's own address still tells a second NAT (CGNAT) apart from a refusing router.
      const routerAddress = router ? await routerAddressOf(router) : current.routerAddress;
      if (run !== generation) return;
      set({ state: 'failed', detail, ...(routerAddress ? { routerAddress } : {}) });
    }
    if (run === generation) {
      renewTimer = setTimeout(() => void apply(wanted, true, run), (leaseSeconds * 1000) / 2);
      renewTimer.unref();
    }
  }

  async function removeAll(): Promise<void> {
    clearTimeout(renewTimer);
    const mappings = current.mappings;
    if (!router) return;
    for (const mapping of mappings) {
      await router.remove(mapping, timeoutMs).catch((error: unknown) => log('warn', 'could not remove a port mapping', { external: mapping.external, protocol: mapping.protocol, error: String(error) }));
    }
  }

  return {
    async map(requests) {
      const run = ++generation;
      await removeAll();
      set({ state: 'working', detail: 'asking the router to forward ports', mappings: [] });
      let wanted: Omit<ActiveMapping, 'expiresAt'>[];
      try {
        router ??= await openRouter(options.gateway, timeoutMs);
        wanted = await expand(requests, router.host);
      } catch (error) {
        set({ state: 'failed', detail: explain(error, options.gateway, false) });
        return snapshot();
      }
      await apply(wanted, false, run);
      return snapshot();
    },
    status: snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      generation++;
      await removeAll();
      await router?.close();
      router = undefined;
      set({ state: 'off', detail: 'port mapping is stopped', mappings: [] });
    },
  };
}

/** One router, whichever protocol it speaks. */
interface Router {
  kind: 'UPnP' | 'NAT-PMP';
  host: string;
  add(mapping: Omit<ActiveMapping, 'expiresAt'>, leaseSeconds: number, description: string, timeoutMs: number): Promise<number>;
  remove(mapping: ActiveMapping, timeoutMs: number): Promise<void>;
  externalIp(timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

class NoRouterError extends Error {}

async function openRouter(gateway: string | undefined, timeoutMs: number): Promise<Router> {
  if (gateway !== undefined && isIPv4(gateway)) return pmpRouter(pmpNat(gateway, { autoRefresh: false }), gateway);
  let found: Gateway | undefined;
  if (gateway !== undefined) {
    let url: URL;
    try {
      url = new URL(gateway);
    } catch {
      throw new Error(`the router setting is neither a UPnP description URL nor an IPv4 address: ${gateway.slice(0, 100)}`);
    }
    try {
      found = await upnpNat({ autoRefresh: false }).getGateway(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new NoRouterError(`no UPnP answer from ${url.host} (${causeOf(error)})`);
    }
  } else {
    try {
      for await (const candidate of upnpNat({ autoRefresh: false }).findGateways({ signal: AbortSignal.timeout(timeoutMs) })) {
        if (candidate.family === 'IPv4') {
          found = candidate;
          break;
        }
      }
    } catch {
      // the search ended by its timeout
    }
    if (!found) throw new NoRouterError(`no UPnP router answered on this network within ${timeoutMs} ms`);
  }
  return upnpRouter(found);
}

function upnpRouter(gateway: Gateway): Router {
  const device = (gateway as unknown as { gateway?: SoapDevice }).gateway;
  if (typeof device?.run !== 'function') throw new Error('@achingbrain/nat-port-mapper changed: its UPnP gateway has no device to call');
  return {
    kind: 'UPnP',
    host: gateway.host,
    async add(mapping, leaseSeconds, description, timeoutMs) {
      const response = await device.run(WAN_IP_CONNECTION_2, 'AddAnyPortMapping', [
        ['NewRemoteHost', ''], ['NewExternalPort', mapping.external], ['NewProtocol', mapping.protocol], ['NewInternalPort', mapping.internal],
        ['NewInternalClient', mapping.host], ['NewEnabled', 1], ['NewPortMappingDescription', description], ['NewLeaseDuration', leaseSeconds],
      ], { signal: AbortSignal.timeout(timeoutMs) });
      const key = Object.keys(response).find((name) => name.endsWith('AddAnyPortMappingResponse')) ?? '';
      const reserved = Number(response[key]?.NewReservedPort);
      return Number.isInteger(reserved) && reserved > 0 ? reserved : mapping.external;
    },
    async remove(mapping, timeoutMs) {
      await device.run(WAN_IP_CONNECTION_2, 'DeletePortMapping', [['NewRemoteHost', ''], ['NewExternalPort', mapping.external], ['NewProtocol', mapping.protocol]], { signal: AbortSignal.timeout(timeoutMs) });
    },
    externalIp: (timeoutMs) => gateway.externalIp({ signal: AbortSignal.timeout(timeoutMs) }),
    async close() {
      // Not gateway.stop(): it would run the library's unmap (see the header).
      (device as unknown as { close?: () => void }).close?.();
    },
  };
}

function pmpRouter(gateway: Gateway, host: string): Router {
  return {
    kind: 'NAT-PMP',
    host,
    async add(mapping, leaseSeconds, _description, timeoutMs) {
      const result = await gateway.map(mapping.internal, mapping.host, { protocol: mapping.protocol, externalPort: mapping.external, ttl: leaseSeconds, autoRefresh: false, signal: AbortSignal.timeout(timeoutMs) });
      return result.externalPort;
    },
    async remove(mapping, timeoutMs) {
      // A lifetime of 0 deletes (RFC 6886 §3.4); the library's unmap() would always say TCP.
      await gateway.map(mapping.internal, '', { protocol: mapping.protocol, externalPort: 0, ttl: 0, autoRefresh: false, signal: AbortSignal.timeout(timeoutMs) });
    },
    externalIp: (timeoutMs) => gateway.externalIp({ signal: AbortSignal.timeout(timeoutMs) }),
    close: () => gateway.stop(),
  };
}

/** One entry per port, with the host filled in; throws on ports out of range or too many. */
async function expand(requests: PortRequest[], routerHost: string): Promise<Omit<ActiveMapping, 'expiresAt'>[]> {
  const out: Omit<ActiveMapping, 'expiresAt'>[] = [];
  const port = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
  let localAddress: string | undefined;
  for (const request of requests) {
    if (request.protocol !== 'TCP' && request.protocol !== 'UDP') throw new Error(`protocol must be TCP or UDP, not ${String(request.protocol)}`);
    const [from, to] = typeof request.internal === 'number' ? [request.internal, request.internal] : [request.internal.from, request.internal.to];
    if (!port(from) || !port(to) || to < from || to - from >= 256) throw new RangeError(`bad port or range: ${JSON.stringify(request.internal)}`);
    if (request.external !== undefined && (from !== to || !port(request.external))) throw new RangeError('external is for a single port from 1 to 65535');
    const host = request.host ?? (localAddress ??= await addressTowards(routerHost));
    for (let internal = from; internal <= to; internal++) out.push({ protocol: request.protocol, internal, external: request.external ?? internal, host });
  }
  if (out.length > 512) throw new RangeError(`at most 512 ports, not ${out.length}`);
  return out;
}

/** The local address the OS would use to reach `host` (no packet is sent). */
async function addressTowards(host: string): Promise<string> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, host, () => resolve());
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** A failure in words a person understands. */
function explain(error: unknown, gateway: string | undefined, renewing: boolean): string {
  const prefix = renewing ? 'renewing the port mapping failed: ' : '';
  if (error instanceof NoRouterError) return `${prefix}your router has UPnP turned off, or does not support it: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  if (/^Code \d+/.test(message)) return `${prefix}the router refused the mapping: ${message.replace(/^Code (\d+) - /, '$1 ')}`;
  if (/Not Authorized|Refused/i.test(message)) return `${prefix}the router refused the mapping: ${message}`;
  if (/abort|timeout/i.test(message) || (error as { name?: string })?.name === 'TimeoutError') return `${prefix}the router ${gateway ? `at ${gateway} ` : ''}did not answer in time`;
  return `${prefix}port mapping failed: ${message}`;
}
