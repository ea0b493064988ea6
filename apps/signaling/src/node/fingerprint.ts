/**
 * TLS key pins. Vigil pins the server's public key (SPKI), not its certificate, so a renewed
 * certificate over the same key keeps every paired viewer working.
 */
import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';

/** The two forms of one pin: Chromium's flag wants the full base64; the pairing URI the short one. */
export interface Fingerprint {
  /** base64 SHA-256 of the SPKI (for `--ignore-certificate-errors-spki-list`). */
  spkiSha256: string;
  /** First 16 bytes of the same hash, base64url (the pairing URI's `fp`). */
  pin: string;
}

/** Fingerprint of a certificate given as PEM text or DER bytes. */
export function fingerprintOfCertificate(cert: string | Buffer): Fingerprint {
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  const hash = createHash('sha256').update(spki).digest();
  return { spkiSha256: hash.toString('base64'), pin: hash.subarray(0, 16).toString('base64url') };
}

/** True when the certificate's key matches `pin`: full hash (base64 or base64url) or its 16-byte prefix. */
export function certificateMatchesPin(certDer: Buffer, pin: string): boolean {
  const hash = Buffer.from(fingerprintOfCertificate(certDer).spkiSha256, 'base64');
  const wanted = Buffer.from(pin.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  if (wanted.length !== 16 && wanted.length !== 32) return false;
  return timingSafeEqual(hash.subarray(0, wanted.length), wanted);
}

/**
 * The pairing URI's short pin (16 bytes, base64url) of a configured pin: the full SPKI SHA-256
 * (base64 or base64url, as vigil-signal prints it) or the short pin itself.
 */
export function pairingPin(pin: string): string {
  const bytes = Buffer.from(pin.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  if (bytes.length !== 16 && bytes.length !== 32) throw new Error(`a TLS key pin is 16 or 32 bytes, this one is ${bytes.length}`);
  return bytes.subarray(0, 16).toString('base64url');
}
