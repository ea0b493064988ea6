/**
 * The `vigil-signal` command line: options → SignalingServerOptions, and the run loop that stops
 * cleanly on SIGINT/SIGTERM. Kept apart from bin.ts so tests can call it without a process.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '@vigil/shared/pairing';
import { trustedProxyList } from './client-address.ts';
import type { SignalingServerOptions } from './options.ts';
import { RedisRouter, redactedUrl, type RedisRouterOptions } from './redis-router.ts';
import { createSignalingServer, type SignalingServer } from './server.ts';
import { createStaticSite, DEFAULT_VIEWER_DIST } from './static-site.ts';

/** Default self-signed store of the standalone server. */
export const DEFAULT_TLS_DIR = join(homedir(), '.vigil', 'signaling');

export const USAGE = `Usage: vigil-signal [options]

  --host <addr>      interface to listen on (default 127.0.0.1)
  --port <n>         TCP port, 0 = any free port (default 8443)
  --tls-cert <file>  PEM certificate (with --tls-key)
  --tls-key <file>   PEM private key
  --tls-dir <dir>    self-signed certificate store, created on first run
  --tls              use the self-signed store at ${DEFAULT_TLS_DIR}
  --public-metrics   serve /metrics to every address (default: this machine only)
  --viewer <dir>     serve the built viewer from <dir> at / (default: ${DEFAULT_VIEWER_DIST}
                     when it has been built, npm run build:viewer)
  --no-viewer        serve no viewer (404 at /)
  --trusted-proxy <addr|cidr>
                     a reverse proxy whose X-Forwarded-For names the client (repeatable);
                     without it the header is ignored
  --redis <url>      share routing with other instances through Redis (redis://host:port[/db],
                     rediss:// for TLS); the password goes in VIGIL_REDIS_PASSWORD, never in
                     the URL (argv is visible to every user of the machine). VIGIL_REDIS_URL
                     in the environment does the same as --redis
  --drain-timeout <s>
                     on SIGTERM, clients are asked to reconnect elsewhere; the instance exits
                     when they left or after this many seconds (default 15)
  --reach-private    let "test from outside" dial private and reserved addresses (a lab or a
                     relay inside one private network; never on a public relay)
  --help             show this text

Plain ws:// is served only on loopback; any other --host gets TLS (self-signed unless a
certificate is given). Prints the URL and the TLS key fingerprint to pin. SIGTERM drains (see
--drain-timeout), SIGINT closes every connection at once.`;

/** Server options plus what the command line prints about them. */
export type CliOptions = SignalingServerOptions & { viewerDir?: string; redis?: RedisRouterOptions };

/** Turns argv (and VIGIL_REDIS_* of `env`) into server options; throws with a usage hint on bad input. Null means --help. */
export async function optionsFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliOptions | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8443' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-dir': { type: 'string' },
      tls: { type: 'boolean', default: false },
      'public-metrics': { type: 'boolean', default: false },
      viewer: { type: 'string' },
      'no-viewer': { type: 'boolean', default: false },
      'trusted-proxy': { type: 'string', multiple: true },
      'reach-private': { type: 'boolean', default: false },
      redis: { type: 'string' },
      'drain-timeout': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const options: CliOptions = { host: values.host, port, ...(values['public-metrics'] ? { publicMetrics: true } : {}) };
  if (values['reach-private']) options.reachCheck = { allowPrivateAddresses: true };
  const redis = redisOptions(values.redis ?? env.VIGIL_REDIS_URL, env.VIGIL_REDIS_PASSWORD);
  if (redis) options.redis = redis;
  if (values['drain-timeout'] !== undefined) {
    const seconds = Number(values['drain-timeout']);
    if (!(Number.isFinite(seconds) && seconds >= 0 && seconds <= 3600)) throw new Error(`--drain-timeout must be 0-3600 seconds, got ${values['drain-timeout']}`);
    options.drainTimeoutMs = seconds * 1000;
  }
  if (values['trusted-proxy']) {
    trustedProxyList(values['trusted-proxy']); // throws on an entry that is not an address or range
    options.trustedProxies = values['trusted-proxy'];
  }
  const viewerDir = viewerFolder(values.viewer, values['no-viewer']);
  if (viewerDir) {
    const site = createStaticSite(viewerDir, 'npm run build:viewer');
    options.viewerDir = viewerDir;
    options.httpHandler = (req, res) => void site(req, res).catch(() => res.destroy());
  }
  if (values['tls-cert'] || values['tls-key']) {
    if (!values['tls-cert'] || !values['tls-key']) throw new Error('--tls-cert and --tls-key go together');
    options.tls = { cert: await readFile(values['tls-cert'], 'utf8'), key: await readFile(values['tls-key'], 'utf8') };
  } else if (values['tls-dir'] || values.tls || !isLoopbackHost(values.host)) {
    options.tls = { selfSigned: { dir: values['tls-dir'] ?? DEFAULT_TLS_DIR } };
  }
  return options;
}

/** The Redis connection of --redis, its password from the environment; throws on a bad URL. */
function redisOptions(url: string | undefined, password: string | undefined): RedisRouterOptions | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--redis must be a URL such as redis://127.0.0.1:6379, got ${url}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`--redis must start with redis:// or rediss://, got ${parsed.protocol}`);
  if (parsed.password) throw new Error('--redis: put the password in VIGIL_REDIS_PASSWORD, not in the URL (argv is visible to every user of the machine)');
  if (password) parsed.password = encodeURIComponent(password);
  return { url: parsed.toString() };
}

/** The viewer to serve: the one named, none, or the checkout's build when there is one. */
function viewerFolder(named: string | undefined, none: boolean): string | undefined {
  if (named !== undefined && none) throw new Error('--viewer and --no-viewer exclude each other');
  if (none) return undefined;
  if (named === undefined) return existsSync(join(DEFAULT_VIEWER_DIST, 'index.html')) ? DEFAULT_VIEWER_DIST : undefined;
  if (!existsSync(join(named, 'index.html'))) throw new Error(`--viewer ${named}: no index.html there (build the viewer with npm run build:viewer)`);
  return named;
}

/** Starts a server from argv, prints where it listens; resolves with it (stop() is the caller's). */
export async function startFromArgs(argv: string[], print: (line: string) => void): Promise<SignalingServer | undefined> {
  const options = await optionsFromArgs(argv);
  if (!options) {
    print(USAGE);
    return undefined;
  }
  const { viewerDir, redis, ...serverOptions } = options;
  if (redis) {
    const router = new RedisRouter({ ...redis, onHealth: (health) => print(health === 'ok' ? 'routing shared through Redis' : 'Redis unreachable: routing this instance\'s connections only (degraded)') });
    // A relay that starts while Redis is away serves its own connections and joins once it is back.
    await router.ready().catch((error: Error) => print(`${error.message}: starting degraded`));
    serverOptions.router = router;
  }
  const server = createSignalingServer(serverOptions);
  const { url, fingerprint } = await server.start();
  print(`vigil-signal listening on ${url}${redis ? ` (instance ${(serverOptions.router as RedisRouter).instanceId}, routing through ${redactedUrl(redis.url)})` : ''}`);
  if (fingerprint) {
    print(`TLS key pin (pairing fp): ${fingerprint.pin}`);
    print(`SPKI SHA-256 (Chromium --ignore-certificate-errors-spki-list): ${fingerprint.spkiSha256}`);
  }
  if (viewerDir) print(`viewer: ${url.replace(/^ws/, 'http')}/ (from ${viewerDir})`);
  return server;
}
