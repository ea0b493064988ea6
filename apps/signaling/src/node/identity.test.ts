import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519PublicKeyFromRaw, loadOrCreateIdentity, streamerIdFromPublicKey } from './identity.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateIdentity', () => {
  it('creates a 0600 key once, reuses it, and signs verifiably', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-id-'));
    const file = join(dir, 'sub', 'streamer.key');
    const first = await loadOrCreateIdentity(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    const second = await loadOrCreateIdentity(file);
    expect(second.streamerId).toBe(first.streamerId);
    expect(second.publicKey).toBe(first.publicKey);

    const raw = Buffer.from(first.publicKey, 'base64url');
    expect(raw).toHaveLength(32);
    expect(first.streamerId).toBe(createHash('sha256').update(raw).digest().subarray(0, 16).toString('base64url'));
    expect(streamerIdFromPublicKey(raw)).toBe(first.streamerId);
    const signature = Buffer.from(await first.sign('hello'), 'base64url');
    expect(verify(null, Buffer.from('hello'), ed25519PublicKeyFromRaw(raw), signature)).toBe(true);
    expect(verify(null, Buffer.from('hellO'), ed25519PublicKeyFromRaw(raw), signature)).toBe(false);
  });
});
