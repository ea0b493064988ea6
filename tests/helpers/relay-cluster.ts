/**
 * A relay service as it is deployed (resources/relay/): `vigil-signal --redis` processes on
 * loopback ports behind Debian's HAProxy running the shipped haproxy.cfg, which terminates TLS
 * (here with a self-signed key, pinned by clients like any relay's) and health-checks /healthz. Each piece can be killed,
 * drained and started again on its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintOfCertificate } from '../../apps/signaling/src/node/fingerprint.ts';
import { generateSelfSigned } from '../../apps/signaling/src/node/selfSigned.ts';
import { freePort } from './ports.ts';
import { waitFor } from './wait.ts';

const BIN = fileURLToPath(new URL('../../apps/signaling/bin/vigil-signal.js', import.meta.url));

/** One `vigil-signal` process. */
export interface RelayInstance {
  port: number;
  /** Its own ws:// URL on loopback (the balancer's backend). */
  url: string;
  /** The first characters of its peer ids. */
  instanceId: string;
  /** Sends `signal`; resolves with the exit code (null when killed by a signal). */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  output(): string;
}

/** Starts `vigil-signal --redis <redisUrl>` on `port` (plain ws on loopback, behind the balancer). */
export async function startRelay(port: number, redisUrl: string, extraArgs: string[] = []): Promise<RelayInstance> {
  const args = [BIN, '--port', String(port), '--no-viewer', '--redis', redisUrl, '--trusted-proxy', '127.0.0.1', '--drain-timeout', '10', ...extraArgs];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    await waitFor(() => text, (t) => /listening on \S+ \(instance \S+,/.test(t) || child.exitCode !== null, 30_000, { what: `vigil-signal on port ${port} to start` });
    const instanceId = /\(instance (\S+),/.exec(text)?.[1];
    if (!instanceId) throw new Error(`vigil-signal did not start: ${text}`);
    return { port, url: `ws://127.0.0.1:${port}`, instanceId, kill, output: () => text };
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
}

/** HAProxy in front of the relays. */
export interface Balancer {
  /** wss:// URL clients dial. */
  url: string;
  /** base64 SPKI SHA-256 of its key (what clients pin). */
  spkiSha256: string;
  /** The pairing code's short pin. */
  pin: string;
  /** GET <path> through the balancer: status and body. */
  get(path: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** The deployment's HAProxy configuration (resources/relay/haproxy.cfg). */
const SHIPPED_CONFIG = fileURLToPath(new URL('../../resources/relay/haproxy.cfg', import.meta.url));

/**
 * resources/relay/haproxy.cfg as shipped, with the test's frontend port, certificate and backends
 * swapped in; everything else (timeouts, redispatch, health checks, leastconn) is what deployments run.
 */
export async function haproxyConfig(frontendPort: number, certFile: string, backendPorts: readonly number[]): Promise<string> {
  const shipped = await readFile(SHIPPED_CONFIG, 'utf8');
  const bind = 'bind :443 ssl crt /etc/haproxy/certs/relay.pem';
  if (!shipped.includes(bind)) throw new Error(`${SHIPPED_CONFIG} no longer has "${bind}": update this helper`);
  const servers = backendPorts.map((port, i) => `  server relay${i + 1} 127.0.0.1:${port} check`).join('\n');
  return `${shipped
    .replace(bind, `bind 127.0.0.1:${frontendPort} ssl crt ${certFile}`)
    .replace(/^ {2}server relay\d+ .*\n/gm, '')
    .trimEnd()}\n${servers}\n`;
}

/** Starts `haproxy -db -f <config>` with a fresh self-signed key; resolves once it serves /healthz. */
export async function startBalancer(backendPorts: readonly number[]): Promise<Balancer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-haproxy-'));
  const pem = await generateSelfSigned(['127.0.0.1']);
  const certFile = join(dir, 'relay.pem');
  await writeFile(certFile, `${pem.cert.trim()}\n${pem.key.trim()}\n`, { mode: 0o600 });
  const port = await freePort();
  const configFile = join(dir, 'haproxy.cfg');
  await writeFile(configFile, await haproxyConfig(port, certFile, backendPorts));
  const child = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => get('/healthz').catch(() => ({ status: 0, body: text })), (r) => r.status === 200 || child.exitCode !== null, 15_000, { what: 'HAProxy to serve /healthz' });
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${text}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const { spkiSha256, pin } = fingerprintOfCertificate(pem.cert);
  return { url: `wss://127.0.0.1:${port}`, spkiSha256, pin, get, stop };
}
