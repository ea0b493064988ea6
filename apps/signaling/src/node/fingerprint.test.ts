import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pairingPin } from './fingerprint.ts';

describe('pairingPin', () => {
  const hash = createHash('sha256').update('a key').digest();
  const short = hash.subarray(0, 16).toString('base64url');

  it('shortens a full SPKI SHA-256 in base64 or base64url to the pairing code’s 16-byte pin', () => {
    expect(pairingPin(hash.toString('base64'))).toBe(short);
    expect(pairingPin(hash.toString('base64url'))).toBe(short);
  });

  it('keeps a short pin as it is', () => {
    expect(pairingPin(short)).toBe(short);
  });

  it('refuses a pin of another length', () => {
    expect(() => pairingPin(hash.subarray(0, 20).toString('base64'))).toThrow(/16 or 32 bytes, this one is 20/);
  });
});
