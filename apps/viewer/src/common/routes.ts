/**
 * The routes to a paired streamer's signalling (its LAN address, its router's public address,
 * relays): which one to use, and which route lists a streamer may send later. Pure rules; the
 * signalling hub (renderer/signaling/hub.ts) dials every route and asks these which to use.
 */
import { RoutesReply } from '@vigil/shared/remote';
import type { SignalingRoute } from '@vigil/shared/pairing';
import type { PairedStreamer } from './streamers.ts';

/**
 * How a route's connection stands for one streamer: open with the streamer present (`ready`),
 * open with presence not told yet (`open`), open without the streamer (`absent`), not open (`down`).
 */
export type RouteReadiness = 'ready' | 'open' | 'absent' | 'down';

/** What a person reads for a route's kind. */
export type RouteKind = 'Home network' | 'Internet' | 'Relay';

/**
 * The route URLs in order of preference: the first direct route (the streamer's LAN address, the
 * fastest when this viewer is at home), then the one that last worked, then the rest as listed.
 */
export function routeOrder(streamer: Pick<PairedStreamer, 'routes' | 'lastGood'>): string[] {
  const urls = streamer.routes.map((r) => r.url);
  const lan = streamer.routes.find((r) => r.via === 'direct')?.url;
  const first = [lan, streamer.lastGood].filter((u): u is string => !!u && urls.includes(u));
  return [...new Set([...first, ...urls])];
}

/**
 * The route to use now: the preferred one whose connection is open with the streamer present on
 * it; else the preferred open one (presence not told yet, then streamer absent: its error reply
 * says so); else the first preferred, to wait on.
 */
export function pickRoute(streamer: Pick<PairedStreamer, 'routes' | 'lastGood'>, readiness: (url: string) => RouteReadiness): string | undefined {
  const order = routeOrder(streamer);
  const states = new Map(order.map((u) => [u, readiness(u)]));
  for (const wanted of ['ready', 'open', 'absent'] as const) {
    const found = order.find((u) => states.get(u) === wanted);
    if (found) return found;
  }
  return order[0];
}

/** The kind of a route as the settings show it. */
export function routeKind(streamer: Pick<PairedStreamer, 'routes'>, route: SignalingRoute): RouteKind {
  if (route.via === 'relay') return 'Relay';
  // The streamer lists its own LAN address first, then its router's public one.
  if (streamer.routes.find((r) => r.via === 'direct') === route) return 'Home network';
  return isPrivateHost(hostOf(route.url)) ? 'Home network' : 'Internet';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}

/** Addresses that only mean something inside a home network: private, link-local, loopback, mDNS names. */
export function isPrivateHost(host: string): boolean {
  return (
    /^(10|127)\.\d+\.\d+\.\d+$/.test(host) ||
    /^192\.168\.\d+\.\d+$/.test(host) ||
    /^169\.254\.\d+\.\d+$/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(host) ||
    /^(f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):/.test(host) ||
    host === '::1' ||
    host === 'localhost' ||
    host.endsWith('.local')
  );
}

/** A routes reply read: the routes, or why not (`unsupported`: the streamer answered an error, as engines before remote access do). */
export type RoutesVerdict = { ok: true; routes: SignalingRoute[] } | { ok: false; error: string; unsupported?: boolean };

/**
 * Reads a streamer's signed reply to `{"method":"routes"}`. Its direct routes must carry the pin
 * this viewer already trusts for the streamer's own server: the reply is signed with the pairing
 * secret, but a changed key for the streamer's own server is what a stolen credential would need,
 * so only pairing again may change it. Relays may bring their own pins.
 */
export function readRoutesReply(streamer: Pick<PairedStreamer, 'fingerprint' | 'routes'>, payload: string): RoutesVerdict {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, error: 'the reply is not JSON' };
  }
  const error = (json as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return { ok: false, error, unsupported: true };
  const parsed = RoutesReply.safeParse(json);
  if (!parsed.success) return { ok: false, error: 'the reply is not a route list' };
  const trusted = streamer.fingerprint ?? streamer.routes.find((r) => r.via === 'direct')?.fingerprint;
  const changed = parsed.data.routes.find((r) => r.via === 'direct' && r.fingerprint !== trusted);
  if (changed) return { ok: false, error: `it names another TLS key for the streamer's own server (${changed.url}); pair again to trust a new key` };
  return { ok: true, routes: parsed.data.routes };
}
