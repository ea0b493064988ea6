/**
 * The ways a remote viewer reaches the engine, as the bench sets them up in the network lab, and
 * what the selected candidate pair must look like for the figures to carry the route's name.
 */
import type { NetLab } from '../../tests/helpers/netlab.ts';
import type { SelectedPair } from '../live/support.ts';
import type { RouteRemote } from './engine-side.ts';

/** The media ports the router forwards on the UPnP route. */
export const MEDIA_PORTS = { min: 50_000, max: 50_015 } as const;

/** One route: where Chromium runs, what both ends are configured with, and its check. */
export interface Route {
  name: string;
  /** In words, for the output. */
  label: string;
  viewerNs: 'home' | 'away';
  /** Prepares the lab and the engine for this route. */
  setup(lab: NetLab, engine: EngineControl): Promise<string>;
  /** The viewer gets the engine's `ice` reply (STUN/TURN, credentials minted for it); none otherwise. */
  viewerIce: boolean;
  /** Why the selected pair is not this route; undefined when it is. */
  mismatch(pair: SelectedPair, lab: NetLab): string | undefined;
}

/** What a route's setup may ask of the engine side. */
export interface EngineControl {
  configure(remote: RouteRemote): Promise<void>;
  mapPorts(gateway: string, ports: { min: number; max: number }): Promise<{ state: string; detail: string; routerAddress?: string; mappings: unknown[] }>;
  unmapPorts(): Promise<void>;
}

const describePair = (pair: SelectedPair) =>
  `${pair.local.type} ${pair.local.address}:${pair.local.port} → ${pair.remote.type} ${pair.remote.address}:${pair.remote.port}${pair.local.relayProtocol ? ` (relay over ${pair.local.relayProtocol})` : ''}`;
export { describePair };

const notRelayed = (pair: SelectedPair) => (pair.local.type === 'relay' || pair.remote.type === 'relay' ? 'a relay candidate was selected' : undefined);

/** The four routes, in the order they run (NATs go symmetric for the last one). */
export const ROUTES: Route[] = [
  {
    name: 'lan',
    label: 'LAN (Chromium in the home namespace, host candidates)',
    viewerNs: 'home',
    viewerIce: false,
    async setup(_lab, engine) {
      await engine.configure({ stun: [], turn: [] });
      return 'no STUN/TURN either side';
    },
    mismatch: (pair, lab) =>
      pair.local.type !== 'host' || pair.remote.type !== 'host' ? 'not host ↔ host' : pair.remote.address !== lab.addr.home ? `remote is not the engine's LAN address ${lab.addr.home}` : undefined,
  },
  {
    name: 'upnp',
    label: 'Internet, direct through the UPnP mapping (no STUN/TURN)',
    viewerNs: 'away',
    viewerIce: false,
    async setup(lab, engine) {
      const status = await engine.mapPorts(lab.igdUrl, MEDIA_PORTS);
      if (status.state !== 'ok') throw new Error(`the router did not map the media ports: ${status.state}: ${status.detail}`);
      await engine.configure({ stun: [], turn: [], mediaPorts: MEDIA_PORTS });
      return `miniupnpd mapped UDP ${MEDIA_PORTS.min}-${MEDIA_PORTS.max} (${status.mappings.length} mappings) on ${status.routerAddress}; engine advertises them as srflx; no STUN/TURN either side`;
    },
    mismatch: (pair, lab) =>
      notRelayed(pair) ??
      (pair.remote.address !== lab.addr.publicHome
        ? `remote is not the router's public address ${lab.addr.publicHome}`
        : pair.remote.port < MEDIA_PORTS.min || pair.remote.port > MEDIA_PORTS.max
          ? 'remote port is not a mapped media port'
          : undefined),
  },
  {
    name: 'srflx',
    label: 'Internet, direct, server-reflexive (both NATs endpoint-independent, STUN = coturn, no mapping)',
    viewerNs: 'away',
    viewerIce: true,
    async setup(lab, engine) {
      await engine.unmapPorts();
      await engine.configure({ stun: [lab.turn.stunUrl], turn: [] });
      return `mappings removed; STUN ${lab.turn.stunUrl} both sides, no TURN`;
    },
    mismatch: (pair, lab) =>
      notRelayed(pair) ??
      (pair.remote.address !== lab.addr.publicHome
        ? `remote is not the home's public address ${lab.addr.publicHome}`
        : pair.remote.port >= MEDIA_PORTS.min && pair.remote.port <= MEDIA_PORTS.max
          ? 'remote port is in the (unmapped) media range'
          : undefined),
  },
  {
    name: 'turn',
    label: 'Relayed through TURN (both NATs symmetric, coturn, credentials minted per session)',
    viewerNs: 'away',
    viewerIce: true,
    async setup(lab, engine) {
      await lab.setNat('home', 'symmetric');
      await lab.setNat('away', 'symmetric');
      await engine.configure({ stun: [lab.turn.stunUrl], turn: [{ urls: lab.turn.urls, secret: lab.turn.secret, ttlSeconds: 600 }] });
      return `both NATs symmetric; STUN + TURN ${lab.turn.urls.join(', ')} both sides, REST credentials minted by mintTurnCredential`;
    },
    mismatch: (pair) => (pair.local.type === 'relay' || pair.remote.type === 'relay' ? undefined : 'no relay candidate in the selected pair'),
  },
];
