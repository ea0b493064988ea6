import { describe, expect, it } from 'vitest';
import { base64urlLength, fromBase64url, toBase64url } from './encoding.ts';

describe('base64url', () => {
  it('matches Node for every length 0-64 and round-trips', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(text.length).toBe(base64urlLength(n));
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(() => fromBase64url('ab+c')).toThrow(/character at 2/);
    expect(() => fromBase64url('abcde')).toThrow(/length/);
  });
});
