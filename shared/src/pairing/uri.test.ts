import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { formatPairingUri, offerForRoutes, parsePairingUri, routesOf, type PairingOffer } from './uri.ts';

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
    ['a future version', 'vigil://pair?v=3&u=1.2.3.4:1', /version 3 is not supported/],
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

  describe('routes (version 2)', () => {
    const pin = offer.fingerprint!;
    const relayPin = 'ZYXWVUTSRQPONMLKJIHGFE';
    const routes = [
      { url: 'wss://192.168.100.200:8443', fingerprint: pin, via: 'direct' as const },
      { url: 'wss://203.0.113.250:58443', fingerprint: pin, via: 'direct' as const },
      { url: 'wss://relay.example.org:443', fingerprint: relayPin, via: 'relay' as const },
      { url: 'wss://relay2.vigil-community.example:8443', via: 'relay' as const },
    ];

    it('round-trips every route, direct ones first, and keeps one direct route as version 1', () => {
      const built = offerForRoutes([routes[2]!, ...routes.slice(0, 2), routes[3]!], offer.streamerId, offer.token);
      expect(built.version).toBe(2);
      expect(built.routes?.map((r) => r.url)).toEqual(routes.map((r) => r.url));
      const uri = formatPairingUri(built);
      expect(uri).toContain('&r=relay.example.org:443~ZYXWVUTSRQPONMLKJIHGFE,relay2.vigil-community.example:8443');
      expect(parsePairingUri(uri)).toEqual({ ok: true, offer: built });
      const single = offerForRoutes([routes[0]!], offer.streamerId, offer.token);
      expect(formatPairingUri(single)).toBe(formatPairingUri(offer));
      expect(routesOf(single)).toEqual([routes[0]]);
    });

    // A LAN address, the router's public one and two pinned relays on long names: 263 characters, version 10 (57 modules a side).
    it('stays a version ≤ 10 QR code at EC L with four routes, two of them pinned relays', () => {
      const long = [
        { url: 'wss://192.168.100.200:65535', fingerprint: pin, via: 'direct' as const },
        { url: 'wss://203.0.113.250:65535', fingerprint: pin, via: 'direct' as const },
        { url: 'wss://relay-eu.vigil-community.example:65535', fingerprint: relayPin, via: 'relay' as const },
        { url: 'wss://relay-us.vigil-community.example:65535', fingerprint: relayPin, via: 'relay' as const },
      ];
      const uri = formatPairingUri(offerForRoutes(long, offer.streamerId, offer.token));
      const qr = QRCode.create(uri, { errorCorrectionLevel: 'L' });
      expect(uri.length).toBeGreaterThan(200); // the case is a long one
      expect(parsePairingUri(uri).ok).toBe(true);
      expect(qr.version).toBeLessThanOrEqual(10);
    });

    it('reads a relay-only code (a streamer without its own server)', () => {
      const uri = `vigil://pair?v=2&id=${offer.streamerId}&t=${offer.token}&r=relay.example.org~${relayPin}`;
      expect(parsePairingUri(uri)).toMatchObject({ ok: true, offer: { url: 'wss://relay.example.org', fingerprint: undefined, routes: [{ via: 'relay', fingerprint: relayPin }] } });
    });

    it.each([
      ['five routes', `vigil://pair?v=2&u=a:1,b:2,c:3&id=${offer.streamerId}&t=${offer.token}&fp=${pin}&r=d:4,e:5`, /too many routes/],
      ['no route', `vigil://pair?v=2&id=${offer.streamerId}&t=${offer.token}`, /^u: no address/],
      ['a direct route without a pin', `vigil://pair?v=2&u=a:1&id=${offer.streamerId}&t=${offer.token}`, /fingerprint: is required/],
      ['a bad relay pin', `vigil://pair?v=2&u=a:1&id=${offer.streamerId}&t=${offer.token}&fp=${pin}&r=d:4~short`, /routes\.1\.fingerprint/],
      ['r in a version 1 code', `${formatPairingUri(offer)}&r=d:4`, /unknown parameter "r"/],
    ])('rejects %s', (_name, uri, error) => {
      const parsed = parsePairingUri(uri);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(error);
    });

    it('refuses direct routes with different keys', () => {
      expect(() => offerForRoutes([routes[0]!, { ...routes[1]!, fingerprint: relayPin }], offer.streamerId, offer.token)).toThrow(/one TLS key/);
    });
  });
});
