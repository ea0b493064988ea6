import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocketLike } from '../common/socket.ts';
import { createSignalingServer, type SignalingServer } from './server.ts';
import { createNodeSocketFactory } from './socketFactory.ts';

let dir = '';
let server: SignalingServer;
let url = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-pin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
// Each test gets its own server; the certificate store is shared, so only the first generates.
beforeEach(async () => {
  server = createSignalingServer({ tls: { selfSigned: { dir } } });
  url = (await server.start()).url;
});
afterEach(async () => {
  await server.stop();
});

/** Opens a socket and resolves with what happened first: a message, or an error then the close. */
function outcome(socket: WebSocketLike): Promise<{ message?: string; error?: string; close?: number; opened: boolean }> {
  let opened = false;
  let error: string | undefined;
  return new Promise((resolve) => {
    socket.onopen = () => (opened = true);
    socket.onmessage = (event) => {
      resolve({ message: String(event.data), opened });
      socket.close();
    };
    socket.onerror = (event) => (error = (event as Error).message);
    socket.onclose = (event) => resolve({ error, close: event.code, opened });
  });
}

describe('createNodeSocketFactory', () => {
  it('connects when the server key matches the short or the full pin', async () => {
    const { pin, spkiSha256 } = server.fingerprint!;
    for (const fingerprint of [pin, spkiSha256]) {
      const result = await outcome(createNodeSocketFactory({ fingerprint })(url));
      expect(result.opened).toBe(true);
      expect(JSON.parse(result.message!)).toMatchObject({ type: 'welcome' });
    }
  });

  it('refuses a server whose key does not match, before open', async () => {
    const result = await outcome(createNodeSocketFactory({ fingerprint: 'A'.repeat(22) })(url));
    expect(result.opened).toBe(false);
    expect(result.message).toBeUndefined();
    expect(result.error).toMatch(/does not match the pinned fingerprint/);
  });

  it('refuses a self-signed server without a pin (normal CA checks apply)', async () => {
    const result = await outcome(createNodeSocketFactory()(url));
    expect(result.opened).toBe(false);
    expect(result.error).toMatch(/self[- ]signed/i);
  });
});
