/** Pinning against real self-signed certificates made by openssl. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOfCertificate } from '../../../signaling/src/node/fingerprint.ts';
import { pinsOf } from '../common/platform.ts';
import { PinSet, VERDICT, pemToDer, storedPins } from './pins.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-pins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function selfSigned(name: string): string {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return readFileSync(cert, 'utf8');
}

const streamer = selfSigned('streamer');
const attacker = selfSigned('attacker');
const fp = fingerprintOfCertificate(streamer);
// Chromium's result for a self-signed certificate: ERR_CERT_AUTHORITY_INVALID.
const untrusted = (hostname: string, pem: string) => ({ hostname, errorCode: -202, certificate: { data: pem } });

describe('PinSet.verify', () => {
  it("accepts the paired streamer's self-signed certificate by the QR code's short pin", () => {
    const pins = new PinSet();
    expect(pins.replace([{ url: 'wss://192.168.1.20:8443/', pin: fp.pin }])).toBe(1);
    expect(pins.verify(untrusted('192.168.1.20', streamer))).toBe(VERDICT.accept);
  });

  it('accepts by the full base64 SPKI hash as well', () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://cam.local:8443', pin: fp.spkiSha256 }]);
    expect(pins.verify(untrusted('cam.local', streamer))).toBe(VERDICT.accept);
  });

  it("leaves another key to Chromium's verdict (which refuses it)", () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://192.168.1.20:8443', pin: fp.pin }]);
    expect(pins.verify(untrusted('192.168.1.20', attacker))).toBe(VERDICT.chromium);
  });

  it('does not accept the pinned key for another host', () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://192.168.1.20:8443', pin: fp.pin }]);
    expect(pins.verify(untrusted('bank.example', streamer))).toBe(VERDICT.chromium);
  });

  it('leaves valid chains and unpinned hosts to Chromium', () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://192.168.1.20:8443', pin: fp.pin }]);
    expect(pins.verify({ hostname: '192.168.1.20', errorCode: 0, certificate: { data: streamer } })).toBe(VERDICT.chromium);
    expect(new PinSet().verify(untrusted('192.168.1.20', streamer))).toBe(VERDICT.chromium);
  });

  it("pins each route of a streamer by its own key: the streamer's on its addresses, a relay's on the relay", () => {
    const relay = selfSigned('relay');
    const relayPin = fingerprintOfCertificate(relay).pin;
    const pins = new PinSet();
    const routes = [
      { url: 'wss://192.168.1.20:8443', fingerprint: fp.pin, via: 'direct' as const },
      { url: 'wss://203.0.113.7:8443', fingerprint: fp.pin, via: 'direct' as const },
      { url: 'wss://relay.example.org', fingerprint: relayPin, via: 'relay' as const },
      { url: 'wss://ca-relay.example.org', via: 'relay' as const },
    ];
    expect(pins.replace(pinsOf([{ url: routes[0]!.url, fingerprint: fp.pin, routes }]))).toBe(3);
    expect(pins.verify(untrusted('203.0.113.7', streamer))).toBe(VERDICT.accept);
    expect(pins.verify(untrusted('relay.example.org', relay))).toBe(VERDICT.accept);
    // Each key only where its route is.
    expect(pins.verify(untrusted('relay.example.org', streamer))).toBe(VERDICT.chromium);
    expect(pins.verify(untrusted('192.168.1.20', relay))).toBe(VERDICT.chromium);
    // A relay without a pin is left to the system's CAs.
    expect(pins.verify(untrusted('ca-relay.example.org', relay))).toBe(VERDICT.chromium);
  });

  it('handles IPv6 hosts and garbage certificates', () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://[fe80::1]:8443', pin: fp.pin }, { url: 'not a url', pin: fp.pin }]);
    expect(pins.list()).toEqual([{ host: 'fe80::1', pins: [fp.pin] }]);
    expect(pins.verify(untrusted('[fe80::1]', streamer))).toBe(VERDICT.accept);
    expect(pins.verify(untrusted('fe80::1', 'garbage'))).toBe(VERDICT.chromium);
  });

  it('replace() drops earlier pins (an unpaired streamer is no longer trusted)', () => {
    const pins = new PinSet();
    pins.replace([{ url: 'wss://192.168.1.20:8443', pin: fp.pin }]);
    pins.replace([]);
    expect(pins.verify(untrusted('192.168.1.20', streamer))).toBe(VERDICT.chromium);
  });

  it('pemToDer refuses non-PEM input', () => {
    expect(() => pemToDer('nope')).toThrow();
    expect(pemToDer(streamer).length).toBeGreaterThan(100);
  });
});

describe('storedPins', () => {
  it('keeps valid stored pins and reads a hand-edited file as none', () => {
    const pins = [{ url: 'wss://10.0.0.2:8443', pin: fp.pin }];
    expect(storedPins(pins)).toEqual(pins);
    for (const bad of [undefined, 'x', [{ url: 'https://x', pin: fp.pin }], { length: 1 }]) expect(storedPins(bad)).toEqual([]);
  });
});
