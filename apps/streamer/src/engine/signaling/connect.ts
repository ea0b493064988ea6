/**
 * The engine's signalling: the bundled server (TLS unless it listens on loopback, serving the
 * viewer UI on the same port) or a remote relay, and the engine's own client registered on it.
 * Decides the URL viewers dial, the URL the engine itself dials and the pin pairing codes carry.
 * Besides either, the engine registers with every relay of `remote.relays`, so a viewer away from
 * home reaches it there; `bridgeClient` answers each viewer on the connection it came from.
 */
import { join } from 'node:path';
import type { EngineConfig, RemoteConfig } from '@vigil/shared/engine-config';
import type { RelayMessage, ServerMessage } from '@vigil/shared/signaling';
import { SignalingClient } from '@vigil/signaling/client';
import { createNodeSocketFactory, createSignalingServer, pairingPin, type Identity, type SignalingServer, type SignalingServerOptions } from '@vigil/signaling/node';
import { advertisedHost, isLoopback } from '../net.ts';
import { createStaticSite, DEFAULT_VIEWER_DIST } from '../web/static-site.ts';

export interface SignalingSetup {
  dataDir: string;
  config: EngineConfig['signaling'];
  identity: Identity;
  /** Overrides of the bundled server's host and port (tests use port 0). */
  host?: string;
  port?: number;
  /** Limits of the bundled server (see apps/signaling/README.md for the defaults). */
  limits?: Omit<SignalingServerOptions, 'host' | 'port' | 'tls' | 'router' | 'httpHandler'>;
  /** The built viewer UI served on the bundled server's port. Default apps/viewer/dist. */
  viewerDist?: string;
  /** Relays to register with as well (`remote.relays`). */
  relays?: RemoteConfig['relays'];
}

/** The engine's registration on one extra relay. */
export interface RelayLink {
  url: string;
  /** The pin as configured (any form `pairingPin` takes). */
  fingerprint: string | undefined;
  /** The pin pairing codes carry for it (16 bytes, base64url); absent for a CA-signed relay. */
  pin: string | undefined;
  client: SignalingClient;
  /** The last connection error, in words (cleared once registered). */
  lastError(): string | undefined;
}

/** A running signalling connection; stop() closes the client, then the bundled server. */
export interface Signaling {
  client: SignalingClient;
  server: SignalingServer | undefined;
  /** The URL viewers dial (pairing codes carry it). */
  url: string;
  /** Where a browser opens the viewer UI; absent with a remote relay. */
  viewerUrl: string | undefined;
  /** The bundled server's TLS key (absent on plain loopback ws and with a remote relay). */
  fingerprint: { spkiSha256: string; pin: string } | undefined;
  /** The pin pairing codes carry: the bundled server's key, or the one configured for a remote relay. */
  codePin: string | undefined;
  /** The extra relays the engine registered with (changed in place by setRelays). */
  relays: RelayLink[];
  /** Registers with new relays and leaves removed ones (a changed `remote.relays`), without a restart. */
  setRelays(list: readonly { url: string; fingerprint?: string }[]): void;
  /** The bundled server's port and the LAN address viewers dial it at (absent with a remote relay). */
  bundled: { port: number; lanAddress: string } | undefined;
  /** Every client as one, for the bridge: a reply goes out on the connection its viewer used. */
  bridgeClient: ReturnType<typeof multiplex>;
  stop(): Promise<void>;
}

/** Starts the bundled server (embedded mode) and the engine's client. */
export async function startSignaling(setup: SignalingSetup): Promise<Signaling> {
  const { config } = setup;
  let server: SignalingServer | undefined;
  let url: string;
  let selfUrl: string;
  let fingerprint: Signaling['fingerprint'];
  let codePin: string | undefined;
  let bundled: Signaling['bundled'];
  if (config.mode === 'embedded') {
    const host = setup.host ?? config.host;
    const lan = advertisedHost(host);
    const site = createStaticSite(setup.viewerDist ?? DEFAULT_VIEWER_DIST, 'npm run build:viewer');
    server = createSignalingServer({
      ...setup.limits,
      host,
      port: setup.port ?? config.port,
      tls: isLoopback(host) ? undefined : { selfSigned: { dir: join(setup.dataDir, 'tls'), hosts: [lan] } },
      httpHandler: (req, res) => void site(req, res).catch(() => res.destroy()),
      // A household's viewers need a few dozen; the engine's other descriptors need the rest.
      connections: { maxConnections: 256 },
    });
    const started = await server.start();
    fingerprint = started.fingerprint;
    bundled = { port: started.port, lanAddress: lan };
    codePin = fingerprint?.pin;
    const scheme = fingerprint ? 'wss' : 'ws';
    url = `${scheme}://${lan.includes(':') ? `[${lan}]` : lan}:${started.port}`;
    // The engine's own client dials loopback when the server listens there (or everywhere);
    // a server bound to one LAN address is reached at that address.
    const self = host === '0.0.0.0' || host === '::' || isLoopback(host) ? '127.0.0.1' : lan;
    selfUrl = `${scheme}://${self.includes(':') ? `[${self}]` : self}:${started.port}`;
  } else {
    url = selfUrl = config.url;
    try {
      codePin = config.fingerprint === undefined ? undefined : pairingPin(config.fingerprint);
    } catch (error) {
      throw new Error(`signaling.fingerprint: ${(error as Error).message}`, { cause: error });
    }
  }
  const { identity } = setup;
  const client = registerOn(selfUrl, identity, fingerprint?.spkiSha256 ?? (config.mode === 'remote' ? config.fingerprint : undefined), 'signalling').client;
  const relays: RelayLink[] = [];
  const mux = multiplex([client]);
  /** Registers with each relay of `list` not yet registered with, and leaves those no longer in it. */
  const setRelays = (list: readonly { url: string; fingerprint?: string }[]) => {
    const wanted = list.filter((r) => r.url !== selfUrl); // already the main connection (signaling.mode remote)
    for (const link of [...relays]) {
      const keep = wanted.find((r) => r.url === link.url && r.fingerprint === link.fingerprint);
      if (keep) continue;
      link.client.stop();
      mux.remove(link.client);
      relays.splice(relays.indexOf(link), 1);
    }
    for (const relay of wanted) {
      if (relays.some((r) => r.url === relay.url)) continue;
      let pin: string | undefined;
      try {
        pin = relay.fingerprint === undefined ? undefined : pairingPin(relay.fingerprint);
      } catch (error) {
        throw new Error(`remote.relays: ${relay.url}: ${(error as Error).message}`, { cause: error });
      }
      const link = registerOn(relay.url, identity, relay.fingerprint, `relay ${relay.url}`);
      relays.push({ url: relay.url, fingerprint: relay.fingerprint, pin, client: link.client, lastError: link.lastError });
      mux.add(link.client);
    }
  };
  setRelays(setup.relays ?? []);
  const viewerUrl = server ? url.replace(/^ws/, 'http') + '/' : undefined;
  return {
    client,
    server,
    url,
    viewerUrl,
    fingerprint,
    codePin,
    relays,
    setRelays,
    bundled,
    bridgeClient: mux,
    async stop() {
      client.stop();
      for (const relay of relays) relay.client.stop();
      await server?.stop();
    },
  };
}

/** Registers the engine on one signalling server; distinct socket errors are logged once each. */
function registerOn(url: string, identity: Identity, fingerprint: string | undefined, name: string) {
  const client = new SignalingClient({
    url,
    role: 'streamer',
    identity: { streamerId: identity.streamerId, publicKey: identity.publicKey, sign: async (text) => identity.sign(text) },
    createSocket: createNodeSocketFactory({ fingerprint }),
  });
  // Socket errors repeat on every reconnection: each distinct one is logged once (a relay whose
  // key is not the pinned one must be visible in the log, not retried in silence).
  let lastSocketError = '';
  client.on('error', (e) => {
    if (e.kind === 'socket' && e.message === lastSocketError) return;
    if (e.kind === 'socket') lastSocketError = e.message;
    console.warn(`${name}: ${e.message}`);
  });
  client.on('state', (state) => {
    if (state === 'open' || state === 'registered') lastSocketError = '';
  });
  client.start();
  return { client, lastError: () => lastSocketError || undefined };
}

/** Most viewer addresses remembered for replies; the oldest is forgotten first. */
const MAX_REMEMBERED_PEERS = 4096;

/**
 * Several signalling connections as one for the bridge: every message from any of them reaches
 * the listeners, and a message to a viewer goes out on the connection that viewer last used
 * (its address is only known to that server); unknown addresses use the first connection.
 * Connections come and go with the relay list (add/remove).
 */
export function multiplex(initial: readonly Pick<SignalingClient, 'send' | 'on'>[]) {
  type Client = Pick<SignalingClient, 'send' | 'on'>;
  const clients: Client[] = [...initial];
  const via = new Map<string, Client>();
  const listeners = new Set<(message: ServerMessage) => void>();
  const offs = new Map<Client, () => void>();
  const watch = (c: Client) =>
    offs.set(
      c,
      c.on('message', (m: ServerMessage) => {
        if ('from' in m && typeof m.from === 'string') {
          via.delete(m.from);
          via.set(m.from, c);
          if (via.size > MAX_REMEMBERED_PEERS) via.delete(via.keys().next().value!);
        }
        for (const l of listeners) l(m);
      }),
    );
  clients.forEach(watch);
  return {
    send(message: RelayMessage): void {
      (via.get(message.to) ?? clients[0]!).send(message);
    },
    on(_event: 'message', listener: (message: ServerMessage) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(c: Client): void {
      clients.push(c);
      watch(c);
    },
    remove(c: Client): void {
      offs.get(c)?.();
      offs.delete(c);
      clients.splice(clients.indexOf(c), 1);
      for (const [peer, used] of via) if (used === c) via.delete(peer);
    },
  };
}
