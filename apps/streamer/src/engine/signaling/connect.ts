/**
 * The engine's signalling: the bundled server (TLS unless it listens on loopback, serving the
 * viewer UI on the same port) or a remote relay, and the engine's own client registered on it.
 * Decides the URL viewers dial, the URL the engine itself dials and the pin pairing codes carry.
 */
import { join } from 'node:path';
import type { EngineConfig } from '@vigil/shared/engine-config';
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
  const client = new SignalingClient({
    url: selfUrl,
    role: 'streamer',
    identity: { streamerId: identity.streamerId, publicKey: identity.publicKey, sign: async (text) => identity.sign(text) },
    createSocket: createNodeSocketFactory({ fingerprint: fingerprint?.spkiSha256 ?? (config.mode === 'remote' ? config.fingerprint : undefined) }),
  });
  // Socket errors repeat on every reconnection: each distinct one is logged once (a relay whose
  // key is not the pinned one must be visible in the log, not retried in silence).
  let lastSocketError = '';
  client.on('error', (e) => {
    if (e.kind === 'socket' && e.message === lastSocketError) return;
    if (e.kind === 'socket') lastSocketError = e.message;
    console.warn(`signalling: ${e.message}`);
  });
  client.on('state', (state) => {
    if (state === 'open') lastSocketError = '';
  });
  client.start();
  const viewerUrl = server ? url.replace(/^ws/, 'http') + '/' : undefined;
  return {
    client,
    server,
    url,
    viewerUrl,
    fingerprint,
    codePin,
    async stop() {
      client.stop();
      await server?.stop();
    },
  };
}
