import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtpSession } from 'werift';
import { SrtpProtector } from './srtp.ts';

const master = { key: randomBytes(16), salt: randomBytes(14), otherKey: randomBytes(16), otherSalt: randomBytes(14) };

/** werift's SRTP sessions at both ends of one DTLS association. */
function weriftPair() {
  const keys = { localMasterKey: master.key, localMasterSalt: master.salt, remoteMasterKey: master.otherKey, remoteMasterSalt: master.otherSalt };
  const sender = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
  const receiver = new SrtpSession({
    keys: { localMasterKey: master.otherKey, localMasterSalt: master.otherSalt, remoteMasterKey: master.key, remoteMasterSalt: master.salt },
    profile: ProtectionProfileAes128CmHmacSha1_80,
  });
  return { sender, receiver };
}

function header(sequenceNumber: number, timestamp: number, marker: boolean, extension?: Buffer): RtpHeader {
  const value = new RtpHeader({ payloadType: 102, sequenceNumber, timestamp, ssrc: 0x1234abcd, marker });
  if (extension) value.extensions = [{ id: 3, payload: extension }];
  return value;
}

function protectorFor(session: SrtpSession, template: RtpHeader): SrtpProtector {
  const context = session.localContext;
  return new SrtpProtector({ key: context.srtpSessionKey, salt: context.srtpSessionSalt, authKey: context.srtpSessionAuthTag }, template.serialize(template.serializeSize));
}

describe('SrtpProtector', () => {
  it('produces exactly the bytes werift produces, across a sequence-number wrap, and werift decrypts them', () => {
    for (const extension of [undefined, Buffer.from([0, 0, 0])]) {
      const { sender, receiver } = weriftPair();
      const protector = protectorFor(sender, header(0, 0, false, extension));
      for (let step = 0; step < 40; step++) {
        const sequenceNumber = (65_520 + step) & 0xffff;
        const timestamp = (0xffff_fff0 + step * 3000) >>> 0;
        const payload = randomBytes(1 + ((step * 397) % 1300));
        const marker = step % 3 === 0;
        const expected = sender.encrypt(payload, header(sequenceNumber, timestamp, marker, extension));
        const roc = protector.rolloverFor(sequenceNumber);
        const actual = protector.protect({ marker, sequenceNumber, timestamp }, payload, roc);
        expect(actual.equals(expected), `packet ${step} (seq ${sequenceNumber}, roc ${roc})`).toBe(true);
        const decrypted = receiver.decrypt(actual);
        expect(decrypted.subarray(decrypted.length - payload.length).equals(payload)).toBe(true);
      }
    }
  });

  it('matches the AES-CM keystream of RFC 3711 appendix B.2', () => {
    const key = Buffer.from('2B7E151628AED2A6ABF7158809CF4F3C', 'hex');
    const salt = Buffer.from('F0F1F2F3F4F5F6F7F8F9FAFBFCFD', 'hex');
    const template = Buffer.alloc(12);
    template[0] = 0x80;
    const protector = new SrtpProtector({ key, salt, authKey: Buffer.alloc(20) }, template);
    const packet = protector.protect({ marker: false, sequenceNumber: 0, timestamp: 0 }, Buffer.alloc(48), 0);
    expect(packet.subarray(12, 60).toString('hex').toUpperCase()).toBe(
      'E03EAD0935C95E80E166B16DD92B4EB4' + 'D23513162B02D0F72A43A2FE4A5F97AB' + '41E95B3BB0A2E8DD477901E4FCA894C0',
    );
  });

  it('refuses keys of the wrong size and payloads past its limit', () => {
    expect(() => new SrtpProtector({ key: Buffer.alloc(32), salt: Buffer.alloc(14), authKey: Buffer.alloc(20) }, Buffer.alloc(12))).toThrow(/16-byte key/);
    const protector = new SrtpProtector({ key: Buffer.alloc(16), salt: Buffer.alloc(14), authKey: Buffer.alloc(20) }, Buffer.alloc(12));
    expect(() => protector.protect({ marker: false, sequenceNumber: 0, timestamp: 0 }, Buffer.alloc(20_000), 0)).toThrow(/larger than/);
  });
});
