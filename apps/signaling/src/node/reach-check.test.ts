import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SignalingClient } from '../common/client.ts';
import { fingerprintOfCertificate } from './fingerprint.ts';
import type { SignalingServerOptions } from './options.ts';
import { isPublicAddress } from './reach-check.ts';
import { generateSelfSigned } from './selfSigned.ts';
import { createSignalingServer } from './server.ts';
import { createNodeSocketFactory } from './socketFactory.ts';
import { eventually, newIdentity, RawClient, SESSION } from './testkit.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function relay(options: SignalingServerOptions = {}): Promise<string> {
  const server = createSignalingServer({ ...options, reachCheck: { allowPrivateAddresses: true, ...options.reachCheck } });
  const { url } = await server.start();
  cleanup.push(() => server.stop());
  return url;
}

async function listening(server: NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** A TCP port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A port that accepts TCP and then says nothing (no TLS handshake ever completes). */
async function silentPort(): Promise<number> {
  const held: Socket[] = [];
  const server = createNetServer((socket) => held.push(socket.on('error', () => undefined)));
  const port = await listening(server);
  cleanup.push(() => held.forEach((s) => s.destroy())); // before close(), which waits for them
  return port;
}

async function registeredStreamer(url: string, identity = newIdentity()): Promise<SignalingClient> {
  const client = new SignalingClient({ url, role: 'streamer', identity, createSocket: createNodeSocketFactory() });
  cleanup.push(() => client.stop());
  client.start();
  await eventually(() => client.state === 'registered', 3000, 'streamer registered');
  return client;
}

describe('reach check', () => {
  it('dials the streamer back and reports the SPKI of the TLS server listening there', async () => {
    const pem = await generateSelfSigned(['127.0.0.1']);
    const port = await listening(createTlsServer({ cert: pem.cert, key: pem.key }, (s) => s.end()));
    const streamer = await registeredStreamer(await relay());
    const result = await streamer.reachCheck(port);
    expect(result).toEqual({ reachable: true, address: '127.0.0.1', port, spkiSha256: fingerprintOfCertificate(pem.cert).spkiSha256 });
  });

  it('reports a closed port as not reachable, in words', async () => {
    const port = await closedPort();
    const streamer = await registeredStreamer(await relay());
    const result = await streamer.reachCheck(port);
    expect(result).toMatchObject({ reachable: false, address: '127.0.0.1', port });
    expect(result.error).toMatch(/^connection refused/);
    expect(result.spkiSha256).toBeUndefined();
  });

  it('reports a port where nothing completes TLS as timed out', async () => {
    const port = await silentPort();
    const streamer = await registeredStreamer(await relay({ reachCheck: { timeoutMs: 300 } }));
    const result = await streamer.reachCheck(port);
    expect(result).toMatchObject({ reachable: false });
    expect(result.error).toBe(`timed out: nothing answers on 127.0.0.1:${port} from the internet`);
  });

  it('refuses viewers and unregistered connections', async () => {
    const url = await relay();
    const identity = newIdentity();
    await registeredStreamer(url, identity);
    const raw = await RawClient.connect(url);
    cleanup.push(() => raw.close());
    raw.send({ type: 'reach-check', id: 'r1', port: 443 });
    expect(await raw.next('error')).toMatchObject({ code: 'not-registered', ref: { type: 'reach-check', id: 'r1' } });
    // Relaying to a streamer makes the connection a viewer's.
    raw.send({ type: 'bye', to: identity.streamerId, session: SESSION });
    raw.send({ type: 'reach-check', id: 'r2', port: 443 });
    expect(await raw.next('error')).toMatchObject({ code: 'forbidden', message: /only a registered streamer/, ref: { id: 'r2' } });
    expect(raw.frames.some((f) => f.type === 'reach-result')).toBe(false);
    // The client API refuses without asking when it is not a registered streamer.
    const viewer = new SignalingClient({ url, role: 'viewer', createSocket: createNodeSocketFactory() });
    cleanup.push(() => viewer.stop());
    viewer.start();
    await eventually(() => viewer.state === 'open', 3000, 'viewer open');
    await expect(viewer.reachCheck(443)).rejects.toThrow(/registered/);
  });

  it('refuses past the per-streamer budget, in words, and the connection stays usable', async () => {
    const port = await closedPort();
    const streamer = await registeredStreamer(await relay());
    for (let i = 0; i < 3; i++) expect((await streamer.reachCheck(port)).reachable).toBe(false);
    await expect(streamer.reachCheck(port)).rejects.toThrow(/^rate-limited: too many reach checks: at most 3 at once, then one every 10 seconds$/);
    expect(streamer.state).toBe('registered');
  });

  it('caps the probes in flight on one server', async () => {
    const port = await silentPort();
    const url = await relay({ reachCheck: { maxConcurrent: 1, timeoutMs: 2000 } });
    const [a, b] = [await registeredStreamer(url), await registeredStreamer(url)];
    const first = a.reachCheck(port);
    await expect(b.reachCheck(port)).rejects.toThrow(/rate-limited: the relay is already testing 1 streamers/);
    expect((await first).error).toMatch(/^timed out/);
  });

  it('refuses to dial a private or loopback address unless allowed', async () => {
    const server = createSignalingServer({});
    const { url } = await server.start();
    cleanup.push(() => server.stop());
    const streamer = await registeredStreamer(url);
    await expect(streamer.reachCheck(await closedPort())).rejects.toThrow(/^forbidden: this relay sees the streamer at 127\.0\.0\.1, which is not a public internet address/);
  });
});

describe('reach check behind a reverse proxy', () => {
  async function tlsOn(host: string): Promise<{ port: number; spki: string }> {
    const pem = await generateSelfSigned([host]);
    const server = createTlsServer({ cert: pem.cert, key: pem.key }, (s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { port: (server.address() as AddressInfo).port, spki: fingerprintOfCertificate(pem.cert).spkiSha256 };
  }

  it('dials the X-Forwarded-For address only when the proxy is trusted', async () => {
    const target = await tlsOn('127.0.0.2');
    for (const [trustedProxies, address] of [[['127.0.0.1'], '127.0.0.2'], [[], '127.0.0.1']] as const) {
      const raw = await RawClient.connect(await relay({ trustedProxies: [...trustedProxies] }), { headers: { 'x-forwarded-for': '127.0.0.2' } });
      cleanup.push(() => raw.close());
      await raw.register(newIdentity());
      raw.send({ type: 'reach-check', id: 'p1', port: target.port });
      const result = await raw.next('reach-result');
      expect(result).toMatchObject({ id: 'p1', address, port: target.port, reachable: address === '127.0.0.2' });
      if (address === '127.0.0.2') expect(result.spkiSha256).toBe(target.spki);
    }
  });
});

describe('isPublicAddress', () => {
  it('tells internet addresses from loopback, private, shared and link-local ones', () => {
    for (const a of ['8.8.8.8', '2a00:1450:4007:80e::200e', '100.128.0.1', '172.32.0.1']) expect(isPublicAddress(a)).toBe(true);
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.1.1', '::1', '::', 'fd00::1', 'fe80::1', '0.0.0.0', '224.0.0.1', 'unknown', 'example.org']) {
      expect(isPublicAddress(a)).toBe(false);
    }
  });
});
