/**
 * The few WebCrypto primitives pairing needs, with byte-level inputs and base64url outputs.
 * WebCrypto is a global in Node ≥ 20 and every browser, so the engine and the viewer run the
 * same code. P-256 ECDH (universally available), HKDF-SHA-256, HMAC-SHA-256, AES-256-GCM.
 */
import { fromBase64url, toBase64url } from '../encoding.ts';

const subtle = () => crypto.subtle;
const encoder = new TextEncoder();
const ECDH = { name: 'ECDH', namedCurve: 'P-256' };

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** `n` random bytes as base64url. */
export function randomBase64url(n: number): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** SHA-256 of `data` as base64url. */
export async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return toBase64url(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

async function hmacKey(key: Uint8Array, usage: 'sign' | 'verify') {
  return subtle().importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** HMAC-SHA-256 of `text` under `key`, base64url. */
export async function hmac(key: Uint8Array, text: string): Promise<string> {
  return toBase64url(new Uint8Array(await subtle().sign('HMAC', await hmacKey(key, 'sign'), utf8(text))));
}

/** Checks an HMAC in constant time (WebCrypto's verify); false on any malformed input. */
export async function hmacVerify(key: Uint8Array, text: string, mac: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(mac);
  } catch {
    return false;
  }
  return subtle().verify('HMAC', await hmacKey(key, 'verify'), bytes, utf8(text));
}

/** HKDF-SHA-256: 32 bytes from `ikm`, separated by `info`. */
export async function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, key, 256));
}

/** A P-256 ECDH key pair; `publicKey` is the raw point, base64url. */
export interface EcdhKeyPair {
  publicKey: string;
  privateKey: VigilCryptoKey;
}

/** Makes an ECDH key pair (extractable so the streamer can store its static key). */
export async function ecdhKeyPair(): Promise<EcdhKeyPair> {
  const pair = await subtle().generateKey(ECDH, true, ['deriveBits']);
  return { publicKey: toBase64url(new Uint8Array(await subtle().exportKey('raw', pair.publicKey))), privateKey: pair.privateKey };
}

/** The PKCS#8 bytes of a private key, base64url (for storage by its owner only). */
export async function exportPrivateKey(key: VigilCryptoKey): Promise<string> {
  return toBase64url(new Uint8Array(await subtle().exportKey('pkcs8', key)));
}

/** Re-imports a stored key pair. */
export async function importEcdhKeyPair(publicKey: string, pkcs8: string): Promise<EcdhKeyPair> {
  const privateKey = await subtle().importKey('pkcs8', fromBase64url(pkcs8), ECDH, true, ['deriveBits']);
  return { publicKey, privateKey };
}

/** The shared secret of our private key and their raw public key (throws on an invalid point). */
export async function ecdh(privateKey: VigilCryptoKey, theirPublicKey: string): Promise<Uint8Array> {
  const pub = await subtle().importKey('raw', fromBase64url(theirPublicKey), ECDH, false, []);
  return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: pub }, privateKey, 256));
}

/** AES-256-GCM: iv ‖ ciphertext, base64url. */
export async function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const k = await subtle().importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, k, plaintext));
  const out = new Uint8Array(12 + ct.length);
  out.set(iv);
  out.set(ct, 12);
  return toBase64url(out);
}

/** Opens a `seal` box; throws when the key, data or aad do not match. */
export async function open(key: Uint8Array, box: string, aad: string): Promise<Uint8Array> {
  const bytes = fromBase64url(box);
  if (bytes.length < 12 + 16) throw new Error('sealed box too short');
  const k = await subtle().importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: utf8(aad) }, k, bytes.subarray(12)));
}
