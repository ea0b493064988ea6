/**
 * The router's public address as an ICE candidate. When the router forwards a media port (UPnP
 * or NAT-PMP mapping of `remote.mediaPorts`), a viewer away from home can reach the engine's
 * socket at <public address>:<external port> directly, without any relay. werift only gathers
 * addresses it can bind, so for each host candidate on a forwarded port this adds a
 * server-reflexive one at the public address (what a STUN server would have reported).
 */
import { isIP } from 'node:net';

/** A forwarded UDP port: external (on the router) → internal (this machine). */
export interface ForwardedPort {
  external: number;
  internal: number;
}

/** What `advertise` needs: the public address and the forwarded UDP ports; absent: nothing to add. */
export interface PublicMapping {
  publicAddress: string;
  /** The LAN address the mappings point to (only its host candidates are forwarded). */
  internalAddress: string;
  udp: readonly ForwardedPort[];
}

const CANDIDATE = /^(?:a=)?candidate:(\S+) (\d+) (udp|UDP) (\d+) (\S+) (\d+) typ host(.*)$/;

/** The extra candidates for one gathered candidate (none unless it is a forwarded host one). */
export function advertisePublic(candidate: string, mapping: PublicMapping | undefined): string[] {
  if (!mapping || isIP(mapping.publicAddress) !== 4) return [];
  const m = CANDIDATE.exec(candidate.trim());
  if (!m) return [];
  const [, foundation, component, , , address, port] = m;
  if (address !== mapping.internalAddress) return [];
  const forwarded = mapping.udp.find((p) => p.internal === Number(port));
  if (!forwarded) return [];
  // RFC 8445 §5.1.2.1: type preference 100 for server-reflexive, local preference 65535.
  const priority = (100 << 24) + (65535 << 8) + (256 - Number(component));
  return [`candidate:${foundation}p ${component} udp ${priority >>> 0} ${mapping.publicAddress} ${forwarded.external} typ srflx raddr ${address} rport ${port}`];
}
