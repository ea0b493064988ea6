// A TURN pool: two Debian coturn processes on loopback sharing one REST-API secret. The engine's
// ICE provider hands a viewer every server of `remote.turn` with one minted credential, and that
// credential allocates a relay on each of them; a credential from another secret, or an expired
// one, is refused by both. (Media through TURN is exercised by the network lab.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteConfig } from '@vigil/shared/engine-config';
import { createIceProvider } from '../../apps/streamer/src/engine/remote/ice.ts';
import { mintTurnCredential } from '../../apps/streamer/src/engine/remote/turn-credentials.ts';
import { startCoturn, type Coturn } from '../fixtures/coturn.ts';
import { allocateTurn } from '../../apps/streamer/src/engine/remote/turn-check.ts';

const SECRET = 'pool-secret-0123456789abcdef';
const servers: Coturn[] = [];

beforeAll(async () => {
  // Two servers, each with its own relay ports, sharing the pool's secret.
  servers.push(await startCoturn(SECRET, { relayPorts: [50_000, 50_020], realm: 'pool.vigil.test' }), await startCoturn(SECRET, { relayPorts: [50_100, 50_120], realm: 'pool.vigil.test' }));
});
afterAll(async () => {
  for (const server of servers) await server.stop();
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
      expect(await allocateTurn({ host: '127.0.0.1', port }, { username: username!, credential: credential! }, { release: true })).toMatchObject({ ok: true, relayed: { address: '127.0.0.1' } });
    }
  });

  it('refuses a credential from another secret and an expired one on every server', async () => {
    const foreign = mintTurnCredential('some-other-secret-0123456789', 600, 'viewer-2');
    const expired = mintTurnCredential(SECRET, 60, 'viewer-3', Date.now() - 3_600_000);
    for (const { port } of servers) {
      for (const { username, credential } of [foreign, expired]) {
        expect(await allocateTurn({ host: '127.0.0.1', port }, { username, credential })).toMatchObject({ ok: false, code: 401 });
      }
    }
  });
});
