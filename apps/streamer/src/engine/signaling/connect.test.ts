import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintOfCertificate, identityFromPrivateKey, loadOrCreateSelfSigned } from '@vigil/signaling/node';
import { startSignaling } from './connect.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the embedded signalling server', () => {
  it('answers the engine’s own reach check like the standalone relay', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-connect-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const pem = await loadOrCreateSelfSigned(join(dataDir, 'probe'), ['127.0.0.1']);
    const target = createTlsServer({ cert: pem.cert, key: pem.key }, (s) => s.end());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const port = (target.address() as AddressInfo).port;

    const signaling = await startSignaling({
      dataDir,
      config: { mode: 'embedded', host: '127.0.0.1', port: 0 },
      identity: identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey),
      port: 0,
      // The engine dials its own server over loopback: private addresses must be allowed here.
      limits: { reachCheck: { allowPrivateAddresses: true } },
      viewerDist: join(dataDir, 'no-viewer'),
    });
    cleanup.push(() => signaling.stop());
    await vi.waitFor(() => expect(signaling.client.state).toBe('registered'), { timeout: 5000 });
    expect(await signaling.client.reachCheck(port)).toEqual({ reachable: true, address: '127.0.0.1', port, spkiSha256: fingerprintOfCertificate(pem.cert).spkiSha256 });
    // By default it refuses, as the relay does: loopback is not the internet's view of anyone.
    const strict = await startSignaling({ dataDir, config: { mode: 'embedded', host: '127.0.0.1', port: 0 }, identity: identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey), port: 0, viewerDist: join(dataDir, 'no-viewer') });
    cleanup.push(() => strict.stop());
    await vi.waitFor(() => expect(strict.client.state).toBe('registered'), { timeout: 5000 });
    await expect(strict.client.reachCheck(port)).rejects.toThrow(/^forbidden: .*not a public internet address/);
  });
});
