/** Pairing: the QR code URI, the one-time handshake and per-request authentication. */
export * from './uri.ts';
export * from './handshake.ts';
export * from './auth.ts';
export { ecdhKeyPair, exportPrivateKey, importEcdhKeyPair, randomBase64url, sha256, type EcdhKeyPair } from './crypto.ts';
