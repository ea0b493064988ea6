import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { formatPairingUri, parsePairingUri, type PairingOffer } from './uri.ts';

const offer: PairingOffer = {
  version: 1,
  url: 'wss://192.168.100.200:8443',
  streamerId: 'abcdefghijklmnopqrstuv',
  token: 'ABCDEFGHIJKLMNOPQRSTUV',
  fingerprint: '0123456789_-0123456789',
};

describe('pairing URI', () => {
  it('round-trips and drops the default wss scheme', () => {
    const uri = formatPairingUri(offer);
    expect(uri).toBe('vigil://pair?v=1&u=192.168.100.200:8443&id=abcdefghijklmnopqrstuv&t=ABCDEFGHIJKLMNOPQRSTUV&fp=0123456789_-0123456789');
    expect(parsePairingUri(uri)).toEqual({ ok: true, offer });
  });

  it('keeps an explicit ws:// loopback address without a fingerprint', () => {
    const loop = { ...offer, url: 'ws://127.0.0.1:8080', fingerprint: undefined };
    const parsed = parsePairingUri(formatPairingUri(loop));
    expect(parsed).toMatchObject({ ok: true, offer: { url: 'ws://127.0.0.1:8080' } });
  });

  it('fits a version ≤ 6 QR code with error correction L, even with a long hostname', () => {
    for (const url of ['wss://192.168.100.200:65535', 'wss://vigil-streamer.local:8443', 'wss://[fe80::1234:5678]:8443']) {
      const qr = QRCode.create(formatPairingUri({ ...offer, url }), { errorCorrectionLevel: 'L' });
      expect(qr.version, url).toBeLessThanOrEqual(6);
    }
  });

  const bad: [string, string, RegExp][] = [
    ['another scheme', 'https://example.com', /not a Vigil pairing code/],
    ['a missing version', 'vigil://pair?u=1.2.3.4:1&id=x', /v: missing/],
    ['a future version', 'vigil://pair?v=2&u=1.2.3.4:1', /version 2 is not supported/],
    ['an unknown parameter', formatPairingUri(offer) + '&x=1', /unknown parameter "x"/],
    ['a duplicated parameter', formatPairingUri(offer) + '&t=ABCDEFGHIJKLMNOPQRSTUV', /"t" appears twice/],
    ['a short token', formatPairingUri(offer).replace('t=ABCDEFGHIJKLMNOPQRSTUV', 't=short'), /^token: /],
    ['a bad streamer id', formatPairingUri(offer).replace('id=abcdefghijklmnopqrstuv', 'id=!!'), /^streamerId: /],
    ['wss without a fingerprint', formatPairingUri(offer).replace(/&fp=.*/, ''), /^fingerprint: is required/],
    ['plain ws off loopback', 'vigil://pair?v=1&u=ws://10.0.0.2:80&id=abcdefghijklmnopqrstuv&t=ABCDEFGHIJKLMNOPQRSTUV', /^url: plain ws/],
    ['an address with a path', formatPairingUri(offer).replace(':8443', ':8443/evil'), /^url: must be a ws/],
    ['an oversized code', 'vigil://pair?' + 'a'.repeat(600), /too long/],
    // Audit: a bad %-escape threw URIError out of a function whose contract is never to throw.
    ['a bad %-escape', formatPairingUri(offer).replace(/&t=/, '&t=%ZZ'), /^t: not a valid %-escaped value/],
    ['a lone %', 'vigil://pair?v=1&u=%', /^u: not a valid %-escaped value/],
  ];
  it.each(bad)('rejects %s', (_name, uri, error) => {
    const parsed = parsePairingUri(uri);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it('refuses to format an invalid offer', () => {
    expect(() => formatPairingUri({ ...offer, token: 'x' })).toThrow();
  });
});
