/**
 * What a RemoteStatus means for a person: one verdict (can viewers reach this streamer from
 * anywhere, only through a relay, or only at home) and what to do about each missing part, in
 * words. The streamer's Remote access screen shows them; the engine's "test from outside" can give
 * the same sentences as its reasons, so the two never word one problem differently.
 */
import type { SignalingRoute } from '../pairing/uri.ts';
import type { RemoteStatus } from './index.ts';

/** anywhere: directly through the router (relays too, maybe); relay: only through a relay; home: the LAN only; checking: not known yet. */
export type RemoteVerdict = 'anywhere' | 'relay' | 'home' | 'checking';

/** The one-line verdict of each kind. */
export const VERDICT_TEXT: Readonly<Record<RemoteVerdict, string>> = {
  anywhere: 'Viewers can reach this streamer from anywhere',
  relay: 'Through the relay only',
  home: 'Only on your home network',
  checking: 'Checking how viewers can reach this streamer…',
};

/** The sentences for the usual problems. */
export const ADVICE = {
  upnpOff: "Your router has UPnP turned off: turn it on in the router's settings, or add a relay",
  mappingOff: 'Port mapping is off: turn it on below so the router forwards the ports, or add a relay',
  cgnat: 'Your provider shares one public address between homes (CGNAT): use a relay',
  turnMissing: 'TURN is not set: viewers behind strict networks (symmetric NAT) will not connect',
} as const;

/** True when viewers reach the streamer's own server from the internet (a working port mapping, no second NAT). */
export function directReachable(status: RemoteStatus): boolean {
  return status.portMapping.state === 'ok' && !status.cgnat;
}

/** The verdict for a status. */
export function verdictOf(status: RemoteStatus): RemoteVerdict {
  if (directReachable(status)) return 'anywhere';
  if (status.relays.some((r) => r.state === 'ok')) return 'relay';
  const pending = status.portMapping.state === 'working' || status.relays.some((r) => r.state === 'working');
  return pending ? 'checking' : 'home';
}

/** What to do about each part that keeps viewers out (or some of them), most important first. */
export function adviceOf(status: RemoteStatus): string[] {
  const advice: string[] = [];
  const relayUp = status.relays.some((r) => r.state === 'ok');
  if (status.cgnat) {
    if (!relayUp) advice.push(ADVICE.cgnat);
  } else if (status.portMapping.state === 'failed') advice.push(ADVICE.upnpOff);
  else if (status.portMapping.state === 'off' && !relayUp) advice.push(ADVICE.mappingOff);
  for (const relay of status.relays) {
    if (relay.state === 'failed') advice.push(`The relay ${hostOf(relay.url)} cannot be reached${relay.detail ? ` (${relay.detail})` : ''}: check its address and pin, or remove it`);
  }
  if (status.turn.state === 'off') advice.push(ADVICE.turnMissing);
  else if (status.turn.state === 'failed') advice.push(`TURN does not work${status.turn.detail ? ` (${status.turn.detail})` : ''}: viewers behind strict networks (symmetric NAT) will not connect`);
  return advice;
}

/** Whether a route works only inside the home (a private, loopback or link-local address) or from anywhere. */
export function routeReach(route: Pick<SignalingRoute, 'url' | 'via'>): 'home' | 'away' {
  if (route.via === 'relay') return 'away';
  return isPrivateHost(hostOf(route.url).replace(/:\d+$/, '')) ? 'home' : 'away';
}

/** `host[:port]` of a ws(s):// URL (the URL itself when it cannot be read). */
export function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;
}

/** True for RFC 1918, CGNAT (100.64/10), loopback, link-local and unique-local addresses and .local names. */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.local') || h === '::1') return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(h) || h.startsWith('fe80:')) return true;
  const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (!ip) return false;
  const [a, b] = [Number(ip[1]), Number(ip[2])];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
