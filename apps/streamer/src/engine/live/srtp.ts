/**
 * SRTP protection (RFC 3711, profile AES_CM_128_HMAC_SHA1_80) for one outgoing SSRC, built for a
 * forwarder that sends the same payloads to many viewers. werift's own path creates an AES-CTR
 * cipher, an HMAC, a header object and five buffers for every packet; here each session keeps:
 *
 * - one long-lived AES-128-ECB cipher that encrypts a whole packet's counter blocks in one call
 *   (AES-CM is AES over counter blocks, XORed with the payload), instead of one AES-CTR cipher
 *   per packet (the IV of a Node cipher cannot be reset);
 * - HMAC-SHA1 as two one-shot `crypto.hash` calls over precomputed inner and outer pads, instead
 *   of a `createHmac` object per packet (Node cannot clone an HMAC state);
 * - a serialized header template where only marker, sequence number and timestamp change.
 *
 * Each packet costs one output buffer (with 64 spare bytes in front for the inner pad), one
 * keystream buffer and two digests. The output is byte for byte what werift's SrtpSession
 * produces (proven in srtp.test.ts), so the browser's SRTP stack sees no difference.
 */
import { createCipheriv, hash, type Cipher } from 'node:crypto';

/** SHA-1 block size: the HMAC pads are one block. */
const PAD = 64;
/** HMAC-SHA1-80: the tag is the first 10 bytes of the HMAC. */
export const AUTH_TAG_LENGTH = 10;
/** Largest payload protected in one call (RTP over UDP never comes near it). */
const MAX_PAYLOAD = 16 * 1024;

/** The session keys derived from the DTLS master key (RFC 3711 §4.3). */
export interface SrtpSessionKeys {
  /** k_e, 16 bytes. */
  key: Buffer;
  /** k_s, 14 bytes. */
  salt: Buffer;
  /** k_a, 20 bytes. */
  authKey: Buffer;
}

/** What changes from packet to packet of one SSRC. */
export interface RtpFields {
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
}

/** Protects the RTP packets of one SSRC with fixed payload type and header extensions. */
export class SrtpProtector {
  private readonly ecb: Cipher;
  // Counter blocks for a whole packet: bytes 0-7 (salt ^ SSRC) and 14-15 (block number) are
  // fixed, bytes 8-13 (salt ^ packet index) are written per packet.
  private readonly counters: Buffer;
  private readonly saltIndex: Buffer;
  private readonly innerPad = Buffer.alloc(PAD, 0x36);
  private readonly outer = Buffer.alloc(PAD + 20, 0x5c);
  private rolloverCounter = 0;
  private lastSequence = -1;

  /**
   * @param template the serialized RTP header (12 bytes plus any extensions); its SSRC and
   *   payload type are used as they are.
   */
  constructor(
    keys: SrtpSessionKeys,
    private readonly template: Buffer,
  ) {
    if (keys.key.length !== 16 || keys.salt.length !== 14 || keys.authKey.length !== 20) throw new Error('SRTP: AES_CM_128_HMAC_SHA1_80 needs a 16-byte key, 14-byte salt and 20-byte auth key');
    if (template.length < 12) throw new Error('SRTP: the RTP header template is shorter than 12 bytes');
    this.ecb = createCipheriv('aes-128-ecb', keys.key, null);
    this.ecb.setAutoPadding(false);
    for (let index = 0; index < keys.authKey.length; index++) {
      this.innerPad[index]! ^= keys.authKey[index]!;
      this.outer[index]! ^= keys.authKey[index]!;
    }
    const blocks = Math.ceil(MAX_PAYLOAD / 16);
    this.counters = Buffer.alloc(blocks * 16);
    const ssrc = template.readUInt32BE(8);
    for (let block = 0; block < blocks; block++) {
      const at = block * 16;
      keys.salt.copy(this.counters, at, 0, 8);
      this.counters.writeUInt32BE((this.counters.readUInt32BE(at + 4) ^ ssrc) >>> 0, at + 4);
      this.counters.writeUInt16BE(block, at + 14);
    }
    this.saltIndex = Buffer.from(keys.salt.subarray(8, 14));
  }

  /** The rollover counter (RFC 3711 §3.3.1) the next packet with this sequence number gets. */
  rolloverFor(sequenceNumber: number): number {
    // Sequence numbers only move forward here (one sender numbers them), so a step back by more
    // than half the space is a wrap.
    if (this.lastSequence !== -1 && sequenceNumber < this.lastSequence && this.lastSequence - sequenceNumber > 0x8000) {
      this.rolloverCounter = (this.rolloverCounter + 1) >>> 0;
    }
    this.lastSequence = sequenceNumber;
    return this.rolloverCounter;
  }

  /** Builds the SRTP packet: header, encrypted payload, 10-byte tag. */
  protect(fields: RtpFields, payload: Buffer, rolloverCounter: number): Buffer {
    const headerLength = this.template.length;
    const length = payload.length;
    if (length > MAX_PAYLOAD) throw new Error(`SRTP: payload of ${length} bytes is larger than ${MAX_PAYLOAD}`);
    const out = Buffer.allocUnsafe(PAD + headerLength + length + AUTH_TAG_LENGTH);
    this.innerPad.copy(out, 0);
    this.template.copy(out, PAD);
    out[PAD + 1] = (this.template[1]! & 0x7f) | (fields.marker ? 0x80 : 0);
    out.writeUInt16BE(fields.sequenceNumber, PAD + 2);
    out.writeUInt32BE(fields.timestamp >>> 0, PAD + 4);

    // Keystream: AES(k_e, (k_s << 16) ^ (SSRC << 64) ^ (index << 16) ^ block), index = ROC || SEQ.
    const blocks = (length + 15) >>> 4;
    const salt = this.saltIndex;
    const i0 = salt[0]! ^ (rolloverCounter >>> 24);
    const i1 = salt[1]! ^ ((rolloverCounter >>> 16) & 0xff);
    const i2 = salt[2]! ^ ((rolloverCounter >>> 8) & 0xff);
    const i3 = salt[3]! ^ (rolloverCounter & 0xff);
    const i4 = salt[4]! ^ (fields.sequenceNumber >>> 8);
    const i5 = salt[5]! ^ (fields.sequenceNumber & 0xff);
    const counters = this.counters;
    for (let at = 8, end = blocks * 16; at < end; at += 16) {
      counters[at] = i0;
      counters[at + 1] = i1;
      counters[at + 2] = i2;
      counters[at + 3] = i3;
      counters[at + 4] = i4;
      counters[at + 5] = i5;
    }
    const keystream = this.ecb.update(counters.subarray(0, blocks * 16));
    const start = PAD + headerLength;
    payload.copy(out, start);
    xorInto(out, start, keystream, length);

    // Tag: HMAC-SHA1(k_a, header || encrypted payload || ROC), first 10 bytes.
    const tagAt = start + length;
    out.writeUInt32BE(rolloverCounter >>> 0, tagAt);
    const inner = hash('sha1', out.subarray(0, tagAt + 4), 'buffer');
    inner.copy(this.outer, PAD);
    hash('sha1', this.outer, 'buffer').copy(out, tagAt, 0, AUTH_TAG_LENGTH);
    return out.subarray(PAD);
  }
}

/**
 * XORs `length` bytes of `keystream` into `target` from `at`, four bytes at a time when both are
 * 4-byte aligned in memory (pooled buffers and OpenSSL's output are), which is several times
 * faster than a byte loop in V8.
 */
function xorInto(target: Buffer, at: number, keystream: Buffer, length: number): void {
  const targetOffset = target.byteOffset + at;
  let done = 0;
  if ((targetOffset & 3) === 0 && (keystream.byteOffset & 3) === 0) {
    const words = length >>> 2;
    const targetWords = new Int32Array(target.buffer, targetOffset, words);
    const keyWords = new Int32Array(keystream.buffer, keystream.byteOffset, words);
    for (let index = 0; index < words; index++) targetWords[index]! ^= keyWords[index]!;
    done = words << 2;
  }
  for (let index = done; index < length; index++) target[at + index]! ^= keystream[index]!;
}
