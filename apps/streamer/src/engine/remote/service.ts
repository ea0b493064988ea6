/**
 * Remote access: everything that lets a viewer away from home reach this streamer, and the one
 * place that knows how it stands.
 *
 *   start ─► STUN: the address the internet sees (and whether it differs from the router's: CGNAT)
 *         ─► port mapping (UPnP-IGD / NAT-PMP / PCP): the signalling port and the media ports,
 *            never the control API; leases renewed by the mapper, removed on stop
 *         ─► routes: LAN address, router's public address (when mapped and not behind CGNAT),
 *            every relay the engine is registered with ─► pairing codes and `{"method":"routes"}`
 *   every 10 min (and on a mapping change) ─► again; a changed route set is announced (onRoutes),
 *   and the engine tells every viewer watching live to fetch it (a `routes-changed` event)
 *
 * The pieces it drives (mapper, STUN, reach check) are passed in, so each is tested on its own
 * against real routers and servers (tests/integration/netlab.test.ts).
 */
import type { RemoteConfig } from '@vigil/shared/engine-config';
import type { SignalingRoute } from '@vigil/shared/pairing';
import type { RemoteStatus } from '@vigil/shared/remote';
import type { PublicMapping } from './candidates.ts';
import { isNonPublicWan, NO_ADDRESS, type PortMapper, type PortRequest } from './port-mapping.ts';
import type { TurnCheck } from './turn-check.ts';

/** The port mapper's view (port-mapping.ts). */
export type PortMapperLike = Pick<PortMapper, 'map' | 'status' | 'onChange' | 'stop'>;

/** A relay registration's view (signaling/connect.ts RelayLink). */
export interface RelayView {
  url: string;
  pin: string | undefined;
  state(): string;
  lastError(): string | undefined;
  /** Asks the relay to dial `port` at the address it sees this engine at. */
  reachCheck?(port: number): Promise<{ reachable: boolean; address?: string; spkiSha256?: string; error?: string }>;
}

export interface RemoteAccessOptions {
  config: () => RemoteConfig;
  /** The bundled server: its LAN URL, pin, port and LAN address; absent with a remote relay only. */
  direct?: { url: string; pin: string | undefined; port: number; lanAddress: string; spkiSha256?: string };
  /** The main relay when `signaling.mode` is remote. */
  mainRelay?: { url: string; pin: string | undefined };
  /** The extra relays registered now (read on each use: the list changes with the settings). */
  relays: () => RelayView[];
  /** Creates the port mapper (absent: port mapping unavailable here). */
  createMapper?: () => PortMapperLike;
  /** STUN binding: the public address of this host as `url` sees it. */
  stun?: (url: string) => Promise<{ address: string; port: number }>;
  /** Allocates on a TURN server with a credential minted from its secret, and releases it (turn-check.ts). */
  turnCheck?: (server: { urls: readonly string[]; secret: string }) => Promise<TurnCheck>;
  /** How often the public address and mappings are checked again. Default 10 minutes. */
  refreshMs?: number;
  log?: (message: string) => void;
}

export interface RemoteAccess {
  start(): Promise<void>;
  status(): RemoteStatus;
  /** The routes pairing codes and paired viewers get now. */
  routes(): SignalingRoute[];
  /** The public mapping of media ports, for advertised candidates (candidates.ts). */
  publicMapping(): PublicMapping | undefined;
  /** "Test from outside": a relay dials the router's public address the way a viewer would. */
  test(): Promise<NonNullable<RemoteStatus['lastTest']>>;
  /** Applies changed settings: port mapping on or off, new media ports; then checks again. */
  reconfigure(): Promise<void>;
  /** Told when the routes or the status change. */
  onChange(listener: () => void): () => void;
  /** Told when the set of routes changes after the first one (a new public address, a relay added). */
  onRoutes(listener: (routes: SignalingRoute[]) => void): () => void;
  stop(): Promise<void>;
}

const strip = (mappings: readonly { protocol: 'TCP' | 'UDP'; external: number; internal: number; expiresAt?: number }[]) =>
  mappings.slice(0, 64).map(({ protocol, external, internal, expiresAt }) => ({ protocol, external, internal, ...(expiresAt === undefined ? {} : { expiresAt }) }));

export function createRemoteAccess(options: RemoteAccessOptions): RemoteAccess {
  const log = options.log ?? ((m: string) => console.info(`remote: ${m}`));
  const listeners = new Set<() => void>();
  const routeListeners = new Set<(routes: SignalingRoute[]) => void>();
  let mapper: PortMapperLike | undefined;
  let offMapper: (() => void) | undefined;
  let publicAddress: string | undefined;
  let stunError: string | undefined;
  let lastTest: RemoteStatus['lastTest'];
  /** The last TURN check of each configured server (by its URLs), and the one running. */
  let turnChecks = new Map<string, TurnCheck>();
  let turnChecking: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let relayWatch: NodeJS.Timeout | undefined;
  let lastRoutes = '';
  let stopped = false;
  /** The mapping requests last sent to the mapper. */
  let mapped = '';

  const changed = () => {
    const current = routes();
    const now = JSON.stringify(current);
    if (now !== lastRoutes) {
      const first = !lastRoutes;
      lastRoutes = now;
      if (!first) {
        log(`routes changed: ${current.map((r) => r.url).join(', ')}`);
        for (const l of routeListeners) l(current);
      }
    }
    for (const l of listeners) l();
  };

  /** Creates the mapper when port mapping is on, stops it (removing its mappings) when turned off. */
  async function ensureMapper(): Promise<void> {
    const on = options.config().portMapping && !!options.direct && !!options.createMapper;
    if (on && !mapper) {
      mapper = options.createMapper!();
      mapped = '';
      offMapper = mapper.onChange(changed);
    } else if (!on && mapper) {
      const old = mapper;
      mapper = undefined;
      offMapper?.();
      await old.stop();
    }
  }

  function mapperStatus() {
    return mapper?.status();
  }

  /** True when the router's external address is known and differs from the public one. */
  function cgnat(): boolean {
    const router = mapperStatus()?.routerAddress;
    return !!router && ((!!publicAddress && router !== publicAddress) || isNonPublicWan(router));
  }

  function mappedSignalling(): number | undefined {
    const direct = options.direct;
    if (!direct) return undefined;
    return mapperStatus()?.mappings.find((m) => m.protocol === 'TCP' && m.internal === direct.port)?.external;
  }

  function publicHost(): string | undefined {
    // The router's own address when it is the public one; the STUN address otherwise (one NAT).
    const router = mapperStatus()?.routerAddress;
    if (cgnat()) return undefined;
    return router ?? publicAddress;
  }

  function routes(): SignalingRoute[] {
    const out: SignalingRoute[] = [];
    const direct = options.direct;
    if (direct) {
      out.push({ url: direct.url, fingerprint: direct.pin, via: 'direct' });
      const external = mappedSignalling();
      const host = publicHost();
      if (external && host && direct.url.startsWith('wss://')) out.push({ url: `wss://${host}:${external}`, fingerprint: direct.pin, via: 'direct' });
    }
    if (options.mainRelay) out.push({ url: options.mainRelay.url, fingerprint: options.mainRelay.pin, via: 'relay' });
    for (const relay of options.relays()) out.push({ url: relay.url, ...(relay.pin ? { fingerprint: relay.pin } : {}), via: 'relay' });
    return out.slice(0, 4);
  }

  async function refresh(): Promise<void> {
    const config = options.config();
    const stunUrl = config.stun[0];
    if (stunUrl && options.stun) {
      try {
        publicAddress = (await options.stun(stunUrl)).address;
        stunError = undefined;
      } catch (error) {
        stunError = (error as Error).message;
      }
    }
    if (mapper && options.direct) {
      // The signalling port and the media ports; never the control API (it administers the streamer).
      const requests: PortRequest[] = [{ protocol: 'TCP', internal: options.direct.port, external: options.direct.port, host: options.direct.lanAddress }];
      const ports = config.mediaPorts;
      if (ports) requests.push({ protocol: 'UDP', internal: { from: ports.min, to: ports.max }, host: options.direct.lanAddress });
      // The mapper renews its leases itself: asked again only when the ports change or it failed.
      const wanted = JSON.stringify(requests);
      if (wanted !== mapped || mapper.status().state === 'failed') {
        mapped = wanted;
        await mapper.map(requests).catch((error: Error) => log(`port mapping: ${error.message}`));
      }
    }
    void checkTurnServers();
    changed();
  }

  /** Checks every TURN server the way a viewer will use it; the screen hears when done. */
  function checkTurnServers(): Promise<void> {
    const check = options.turnCheck;
    const servers = options.config().turn;
    if (!check || servers.length === 0) {
      turnChecks = new Map();
      return Promise.resolve();
    }
    turnChecking ??= Promise.all(servers.map(async (server) => [server.urls.join(' '), await check(server)] as const))
      .then((results) => {
        turnChecks = new Map(results);
        for (const [, r] of results) if (!r.ok) log(`TURN ${r.url}: ${r.reason}`);
      })
      .finally(() => {
        turnChecking = undefined;
        if (!stopped) changed();
      });
    return turnChecking;
  }

  function turnPart(): RemoteStatus['turn'] {
    const config = options.config();
    const servers = config.turn.flatMap((t) => t.urls);
    if (!servers.length) {
      const off = 'TURN is not set: viewers behind strict networks (symmetric NAT, some offices and mobile carriers) will not connect from away.';
      return { state: 'off', detail: stunError ? `${off} STUN failed: ${stunError}` : off, servers: [] };
    }
    const minted = `Viewers get credentials valid ${Math.round(config.turn[0]!.ttlSeconds / 60)} minutes, minted for each of them.`;
    const results = config.turn.map((t) => turnChecks.get(t.urls.join(' ')));
    if (!options.turnCheck) return { state: 'ok', detail: minted, servers };
    if (results.some((r) => r === undefined)) return { state: 'working', detail: `Checking the TURN server${config.turn.length > 1 ? 's' : ''}… ${minted}`, servers };
    const failed = results.filter((r): r is Extract<TurnCheck, { ok: false }> => !!r && !r.ok);
    if (failed.length) return { state: 'failed', detail: failed.map((r) => `${r.url}: ${r.reason}.`).join(' ').slice(0, 500), servers };
    const relays = results.map((r) => (r?.ok ? `${r.relayed.address}:${r.relayed.port}` : '')).join(', ');
    return { state: 'ok', detail: `Works: a test allocation got a relay address (${relays}). ${minted}`.slice(0, 500), servers };
  }

  function portMappingPart(): RemoteStatus['portMapping'] {
    const config = options.config();
    if (!options.direct) return { state: 'off', detail: 'The streamer uses a relay only: nothing to forward on the router.', mappings: [] };
    if (!config.portMapping) return { state: 'off', detail: 'Port mapping is turned off in the settings.', mappings: [] };
    const s = mapperStatus();
    if (!s) return { state: 'off', detail: 'Port mapping is not available on this machine.', mappings: [] };
    if (cgnat()) {
      return {
        state: 'failed',
        detail: `${s.routerAddress === NO_ADDRESS ? 'Your router has no public internet address of its own' : `Your router's internet address (${s.routerAddress}) is not the one the internet sees (${publicAddress ?? 'unknown'})`}: your provider shares one public address between homes (CGNAT), so nothing can be forwarded. Use a relay.`,
        mappings: strip(s.mappings),
      };
    }
    return { state: s.state, detail: s.detail, mappings: strip(s.mappings) };
  }

  function status(): RemoteStatus {
    const routerAddress = mapperStatus()?.routerAddress;
    const relays = [...(options.mainRelay ? [{ url: options.mainRelay.url, state: () => 'registered', lastError: () => undefined }] : []), ...options.relays()].map((r) => {
      const state = r.state();
      const error = r.lastError();
      return state === 'registered'
        ? { url: r.url, state: 'ok' as const, detail: 'Registered: viewers away from home can reach the streamer through it.' }
        : { url: r.url, state: error ? ('failed' as const) : ('working' as const), detail: error ? `Not connected: ${error}` : 'Connecting…' };
    });
    return {
      ...(publicAddress ? { publicAddress } : {}),
      ...(routerAddress && routerAddress !== NO_ADDRESS ? { routerAddress } : {}),
      cgnat: cgnat(),
      portMapping: portMappingPart(),
      relays: relays.slice(0, 4),
      turn: turnPart(),
      routes: routes(),
      ...(lastTest ? { lastTest } : {}),
    };
  }

  return {
    async start() {
      await ensureMapper();
      await refresh();
      const every = options.refreshMs ?? 10 * 60_000;
      const loop = () => {
        timer = setTimeout(() => void refresh().finally(() => !stopped && loop()), every);
        timer.unref?.();
      };
      loop();
      // Relay connections come and go on their own: the screen hears of it within a few seconds.
      let relaysSeen = '';
      relayWatch = setInterval(() => {
        const now = options.relays().map((r) => `${r.url}=${r.state()}`).join(',');
        if (now === relaysSeen) return;
        relaysSeen = now;
        changed();
      }, 2000);
      relayWatch.unref?.();
    },
    status,
    routes,
    publicMapping() {
      const direct = options.direct;
      const host = publicHost();
      const udp = mapperStatus()?.mappings.filter((m) => m.protocol === 'UDP') ?? [];
      if (!direct || !host || udp.length === 0) return undefined;
      return { publicAddress: host, internalAddress: direct.lanAddress, udp: udp.map((m) => ({ external: m.external, internal: m.internal })) };
    },
    async test() {
      const reasons: string[] = [];
      const external = mappedSignalling();
      const relay = options.relays().find((r) => r.reachCheck && r.state() === 'registered');
      let reachable = false;
      if (!options.direct) reasons.push('The streamer has no server of its own: viewers reach it through the relay only.');
      else if (cgnat()) reasons.push('Your provider shares one public address between homes (CGNAT): nothing from the internet can reach your router. Use a relay.');
      else if (!external) reasons.push(portMappingPart().detail || 'The router does not forward the signalling port.');
      if (options.direct && external && !cgnat()) {
        if (!relay?.reachCheck) reasons.push('No relay is connected to check from outside: add a relay to test.');
        else {
          const result = await relay.reachCheck(external).catch((error: Error) => ({ reachable: false, error: error.message, spkiSha256: undefined }));
          const ours = !options.direct.spkiSha256 || !result.spkiSha256 || result.spkiSha256 === options.direct.spkiSha256;
          reachable = result.reachable && ours;
          if (!result.reachable) reasons.push(`From the internet, port ${external} does not answer: ${result.error ?? 'no reply'}. Your router may not forward it (check UPnP in its settings).`);
          else if (!ours) reasons.push(`Port ${external} answers from the internet, but with another server's key: something else uses that port on your router.`);
          else reasons.push(`Viewers away from home reach this streamer at ${publicHost()}:${external}.`);
        }
      }
      if (!reachable && options.relays().some((r) => r.state() === 'registered')) reasons.push('Viewers away from home still reach the streamer through the relay.');
      await checkTurnServers();
      const turn = turnPart();
      if (turn.state === 'ok') reasons.push('TURN works: viewers behind strict networks get their picture relayed.');
      else if (turn.state === 'failed') reasons.push(`TURN does not work: ${turn.detail}`.slice(0, 500));
      lastTest = { at: Date.now(), reachable, reasons: reasons.slice(0, 8) };
      for (const l of listeners) l();
      return lastTest;
    },
    async reconfigure() {
      await ensureMapper();
      await refresh();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onRoutes(listener) {
      routeListeners.add(listener);
      return () => routeListeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(relayWatch);
      offMapper?.();
      await mapper?.stop();
    },
  };
}
