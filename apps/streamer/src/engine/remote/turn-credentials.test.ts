import { describe, expect, it } from 'vitest';
import { mintTurnCredential } from './turn-credentials.ts';

// Computed apart from this code:
//   printf '%s' '1767225600:viewer-1' | openssl dgst -sha1 -hmac 'lab-secret-0123456789' -binary | base64
const VECTOR = { secret: 'lab-secret-0123456789', username: '1767225600:viewer-1', credential: '2ql5m6dubIWGuy60h9W5GOziFEM=' };
const NOW = Date.UTC(2026, 0, 1) - 3_600_000; // expiry = 2026-01-01T00:00:00Z = 1767225600

describe('mintTurnCredential', () => {
  it("matches coturn's REST-API scheme (HMAC-SHA1 vector from openssl)", () => {
    expect(mintTurnCredential(VECTOR.secret, 3600, 'viewer-1', NOW)).toEqual({ username: VECTOR.username, credential: VECTOR.credential, expiresAt: 1_767_225_600_000 });
  });

  it('rounds the clock down to the second and adds the lifetime', () => {
    expect(mintTurnCredential('s', 60, 'v', NOW + 999).username).toBe(`${NOW / 1000 + 60}:v`);
  });

  it("drops ':' and other characters that would change what coturn reads", () => {
    const { username } = mintTurnCredential('s', 60, '1:2 x/y\n', NOW);
    expect(username).toBe(`${NOW / 1000 + 60}:12xy`);
    expect(username.split(':')).toHaveLength(2);
    expect(mintTurnCredential('s', 60, ':::', NOW).username).toBe(`${NOW / 1000 + 60}:viewer`);
  });

  it('refuses an empty secret and lifetimes out of range', () => {
    expect(() => mintTurnCredential('', 60, 'v', NOW)).toThrow(/secret/);
    expect(() => mintTurnCredential('s', 0, 'v', NOW)).toThrow(/ttlSeconds/);
    expect(() => mintTurnCredential('s', 86_401, 'v', NOW)).toThrow(/ttlSeconds/);
    expect(() => mintTurnCredential('s', 1.5, 'v', NOW)).toThrow(/ttlSeconds/);
  });
});
