/**
 * Proof of a streamer id: the id must be the hash of the presented key, and the connection must
 * sign a fresh per-connection nonce with that key. The nonce dies with the attempt, so a signature
 * observed on one connection is worthless on any other.
 */
import { randomBytes, verify, type KeyObject } from 'node:crypto';
import { registrationChallengeText, type RegisterMessage } from '@vigil/shared/signaling';
import { ed25519PublicKeyFromRaw, streamerIdFromPublicKey } from './identity.ts';

/** A registration between `challenge` and `register-proof`. */
export interface PendingRegistration {
  streamerId: string;
  key: KeyObject;
  nonce: string;
}

/** Checks a `register` message; on success returns the challenge to send. */
export function beginRegistration(message: RegisterMessage): { ok: true; pending: PendingRegistration } | { ok: false; error: string } {
  const raw = Buffer.from(message.publicKey, 'base64url');
  if (raw.length !== 32) return { ok: false, error: 'publicKey must be 32 bytes' };
  if (streamerIdFromPublicKey(raw) !== message.streamerId) return { ok: false, error: 'streamerId is not derived from this public key' };
  let key: KeyObject;
  try {
    key = ed25519PublicKeyFromRaw(raw);
  } catch {
    return { ok: false, error: 'publicKey is not a valid Ed25519 key' };
  }
  return { ok: true, pending: { streamerId: message.streamerId, key, nonce: randomBytes(32).toString('base64url') } };
}

/** True when `signature` (base64url) signs this registration's challenge text. */
export function verifyProof(pending: PendingRegistration, signature: string): boolean {
  try {
    const text = Buffer.from(registrationChallengeText(pending.nonce, pending.streamerId), 'utf8');
    return verify(null, text, pending.key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
