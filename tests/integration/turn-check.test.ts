// The TURN check against Debian's coturn: the right secret allocates (and releases), a wrong one
// is named as such, nothing listening is a timeout in words, TCP-only servers are not checked.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '../fixtures/coturn.ts';
import { checkTurn, udpTurnTarget } from '../../apps/streamer/src/engine/remote/turn-check.ts';

const SECRET = randomBytes(18).toString('base64url');
let coturn: Coturn;

beforeAll(async () => {
  coturn = await startCoturn(SECRET);
});
afterAll(async () => {
  await coturn?.stop();
});

describe('checkTurn', () => {
  it('allocates with a credential minted from the shared secret and gives the relayed address', async () => {
    const result = await checkTurn({ urls: [`${coturn.url}?transport=tcp`, coturn.url], secret: SECRET });
    expect(result).toMatchObject({ ok: true, url: coturn.url, relayed: { address: '127.0.0.1' } });
    if (result.ok) expect(result.relayed.port).toBeGreaterThanOrEqual(49300);
  });

  it('says the secret is not the server’s when coturn refuses the credential', async () => {
    const result = await checkTurn({ urls: [coturn.url], secret: 'not-the-secret' });
    expect(result).toEqual({ ok: false, url: coturn.url, reason: expect.stringMatching(/refused the credential.*static-auth-secret/) });
  });

  it('names a server that does not answer', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const port = silent.address().port;
    try {
      const result = await checkTurn({ urls: [`turn:127.0.0.1:${port}`], secret: SECRET }, { timeoutMs: 800 });
      expect(result).toEqual({ ok: false, url: `turn:127.0.0.1:${port}`, reason: `no TURN answer from 127.0.0.1:${port} within 800 ms` });
    } finally {
      silent.close();
    }
  });

  it('checks only turn: over UDP', () => {
    expect(udpTurnTarget('turn:relay.example.net')).toEqual({ host: 'relay.example.net', port: 3478 });
    expect(udpTurnTarget('turn:[2001:db8::1]:3479?transport=udp')).toEqual({ host: '2001:db8::1', port: 3479 });
    for (const url of ['turns:relay.example.net:5349', 'turn:relay.example.net?transport=tcp', 'stun:relay.example.net', 'turn:a b', 'turn:h:70000']) expect(udpTurnTarget(url), url).toBeUndefined();
  });
});
