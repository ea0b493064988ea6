/**
 * A streamer's long-term Ed25519 identity, and the one derivation of a streamer id from a public
 * key that both the server's check and the streamer use.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A streamer's key pair and id; `sign` fits SignalingClient's StreamerIdentity. */
export interface Identity {
  streamerId: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
  /** Signs UTF-8 text; resolves with the 64-byte signature in base64url. */
  sign(text: string): Promise<string>;
}

/** Streamer id = base64url of the first 16 bytes of SHA-256 over the raw 32-byte public key. */
export function streamerIdFromPublicKey(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest().subarray(0, 16).toString('base64url');
}

/** Raw 32-byte public key of an Ed25519 KeyObject (the last 32 bytes of its SPKI DER). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return spki.subarray(spki.length - 32);
}

/** Builds an Ed25519 public KeyObject from its raw 32 bytes. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  // The SPKI DER prefix of every Ed25519 key (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112.
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
}

/** Identity from an in-memory private key (tests, or keys kept elsewhere). */
export function identityFromPrivateKey(privateKey: KeyObject): Identity {
  const raw = rawEd25519PublicKey(privateKey);
  return {
    streamerId: streamerIdFromPublicKey(raw),
    publicKey: raw.toString('base64url'),
    sign: async (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
  };
}

/** Reads the PKCS8 PEM key at `file`, or creates one there (mode 0600) on first run. */
export async function loadOrCreateIdentity(file: string): Promise<Identity> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' so two processes starting at once cannot overwrite each other's new key.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      pem = await readFile(file, 'utf8');
    });
  }
  await chmod(file, 0o600);
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 private key`);
  return identityFromPrivateKey(key);
}
