// A TURN pool: two Debian coturn processes on loopback sharing one REST-API secret. The engine's
// ICE provider hands a viewer every server of `remote.turn` with one minted credential, and that
// credential allocates a relay on each of them; a credential from another secret, or an expired
// one, is refused by both. (Media through TURN is exercised by the network lab.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteConfig } from '@vigil/shared/engine-config';
import { createIceProvider } from '../../apps/streamer/src/engine/remote/ice.ts';
import { mintTurnCredential } from '../../apps/streamer/src/engine/remote/turn-credentials.ts';
import { freePort } from '../helpers/ports.ts';
import { turnAllocate } from '../helpers/turn-client.ts';
import { waitFor } from '../helpers/wait.ts';

const SECRET = 'pool-secret-0123456789abcdef';
let dir: string;
const servers: { port: number; child: ChildProcess }[] = [];

/** Starts coturn on 127.0.0.1:`port` with the pool's secret and its own relay port range. */
async function startCoturn(index: number): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const minPort = 50_000 + index * 100;
  const child = spawn('turnserver', [
    '-n', '--listening-ip', '127.0.0.1', '--listening-port', String(port), '--relay-ip', '127.0.0.1',
    '--min-port', String(minPort), '--max-port', String(minPort + 20), '--use-auth-secret', `--static-auth-secret=${SECRET}`,
    '--realm', 'pool.vigil.test', '--fingerprint', '--no-cli', '--no-tls', '--no-dtls', '--userdb', join(dir, `turndb-${index}`),
    '--pidfile', join(dir, `turn-${index}.pid`), '--log-file', 'stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // An unauthenticated Allocate is answered with 401 once coturn listens.
  await waitFor(
    () => turnAllocate('127.0.0.1', port, 'x', 'y', 300).then(() => 'answered', () => (child.exitCode === null ? 'silent' : `exited: ${output}`)),
    (state) => state !== 'silent',
    15_000,
    { what: `coturn ${index} answering on ${port}`, every: 100 },
  );
  if (child.exitCode !== null) throw new Error(`coturn ${index} exited: ${output}`);
  return { port, child };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-turn-pool-'));
  servers.push(await startCoturn(0), await startCoturn(1));
});
afterAll(async () => {
  for (const { child } of servers) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('a pool of TURN servers sharing one secret', () => {
  it('gives the viewer every server, and its one credential allocates on each', async () => {
    const urls = servers.map(({ port }) => `turn:127.0.0.1:${port}?transport=udp`);
    const config = RemoteConfig.parse({ portMapping: false, turn: [{ urls, secret: SECRET, ttlSeconds: 600 }] });
    const ice = createIceProvider(() => config).forViewer('viewer-1');
    const turn = ice.iceServers.filter((s) => s.urls.some((u) => u.startsWith('turn:')));
    expect(turn.flatMap((s) => s.urls)).toEqual(urls);
    const { username, credential } = turn[0]!;
    for (const { port } of servers) {
      expect(await turnAllocate('127.0.0.1', port, username!, credential!)).toMatchObject({ ok: true, relayed: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    }
  });

  it('refuses a credential from another secret and an expired one on every server', async () => {
    const foreign = mintTurnCredential('some-other-secret-0123456789', 600, 'viewer-2');
    const expired = mintTurnCredential(SECRET, 60, 'viewer-3', Date.now() - 3_600_000);
    for (const { port } of servers) {
      for (const { username, credential } of [foreign, expired]) {
        expect(await turnAllocate('127.0.0.1', port, username, credential)).toMatchObject({ ok: false, code: 401 });
      }
    }
  });
});
