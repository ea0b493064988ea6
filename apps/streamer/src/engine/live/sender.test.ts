import { describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { GenericNack, ProtectionProfileAeadAes128Gcm, ProtectionProfileAes128CmHmacSha1_80, RTCRtpSender, RtpPacket, SrtpSession, type RtpHeader } from 'werift';
import { LeanSender } from './sender.ts';

function fakeSender(state = 'connected') {
  const sent: RtpHeader[] = [];
  const sender = new RTCRtpSender('video');
  Object.assign(sender, {
    codec: { payloadType: 102 },
    dtlsTransport: { state, sendRtp: vi.fn(async (_payload: Buffer, header: RtpHeader) => (sent.push(header), 0)) },
  });
  return { sender, sent };
}

const info = { payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 1, marker: true, payloadOffset: 12, payloadLength: 1 };

describe('LeanSender', () => {
  it('stamps the negotiated SSRC and payload type and the session numbering', () => {
    const { sender, sent } = fakeSender();
    new LeanSender(sender).send(info, Buffer.from([0x65]), 7, 9000);
    expect(sent[0]).toMatchObject({ ssrc: sender.ssrc, payloadType: 102, sequenceNumber: 7, timestamp: 9000, marker: true });
  });

  it('drops packets until DTLS is connected', () => {
    const { sender, sent } = fakeSender('connecting');
    new LeanSender(sender).send(info, Buffer.from([0x65]), 1, 1);
    expect(sent).toHaveLength(0);
  });

  it('answers NACKs from its history, and only for packets it still holds', () => {
    const { sender, sent } = fakeSender();
    const lean = new LeanSender(sender, { historySize: 4 });
    for (let seq = 10; seq < 16; seq++) lean.send(info, Buffer.from([seq]), seq, seq * 10);
    sent.length = 0;
    sender.onGenericNack.execute(new GenericNack({ lost: [11, 14, 15] }));
    expect(sent.map((header) => header.sequenceNumber)).toEqual([14, 15]);
    lean.stop();
  });
});

/** A sender whose transport has real werift SRTP keys; returns the viewer's end to decrypt with. */
function srtpSender(profile: typeof ProtectionProfileAes128CmHmacSha1_80 | typeof ProtectionProfileAeadAes128Gcm) {
  const [a, b] = [randomBytes(16), randomBytes(16)];
  const saltLength = profile === ProtectionProfileAeadAes128Gcm ? 12 : 14;
  const [saltA, saltB] = [randomBytes(saltLength), randomBytes(saltLength)];
  const engineEnd = new SrtpSession({ keys: { localMasterKey: a, localMasterSalt: saltA, remoteMasterKey: b, remoteMasterSalt: saltB }, profile });
  const viewerEnd = new SrtpSession({ keys: { localMasterKey: b, localMasterSalt: saltB, remoteMasterKey: a, remoteMasterSalt: saltA }, profile });
  const wire: Buffer[] = [];
  const viaWerift: RtpHeader[] = [];
  const sender = new RTCRtpSender('video');
  Object.assign(sender, {
    codec: { payloadType: 102 },
    dtlsTransport: {
      state: 'connected',
      config: {},
      srtp: engineEnd,
      iceTransport: { connection: { send: vi.fn(async (data: Buffer) => void wire.push(data)) } },
      sendRtp: vi.fn(async (_payload: Buffer, header: RtpHeader) => (viaWerift.push(header), 0)),
    },
  });
  return { sender, viewerEnd, wire, viaWerift };
}

describe('LeanSender with AES_CM_128_HMAC_SHA1_80', () => {
  it('protects packets itself, and the viewer end decrypts the session numbering and payload', () => {
    const { sender, viewerEnd, wire, viaWerift } = srtpSender(ProtectionProfileAes128CmHmacSha1_80);
    const lean = new LeanSender(sender);
    lean.setExtension(5, Buffer.from([0, 0, 0]));
    const payloads = [randomBytes(1200), randomBytes(300), randomBytes(1)];
    payloads.forEach((payload, index) => lean.send({ ...info, marker: index === 2 }, payload, (65_535 + index) & 0xffff, 90_000 + index));
    expect(viaWerift).toHaveLength(0);
    const packets = wire.map((data) => RtpPacket.deSerialize(viewerEnd.decrypt(data)));
    expect(packets.map((packet) => packet.header.sequenceNumber)).toEqual([65_535, 0, 1]);
    expect(packets.map((packet) => packet.header.marker)).toEqual([false, false, true]);
    expect(packets[0]!.header).toMatchObject({ ssrc: sender.ssrc, payloadType: 102, timestamp: 90_000 });
    expect(packets[0]!.header.extensions).toEqual([{ id: 5, payload: Buffer.from([0, 0, 0]) }]);
    packets.forEach((packet, index) => expect(packet.payload.equals(payloads[index]!)).toBe(true));
  });

  it('answers a NACK with the same SRTP bytes it sent the first time', () => {
    const { sender, wire } = srtpSender(ProtectionProfileAes128CmHmacSha1_80);
    const lean = new LeanSender(sender, { historySize: 8 });
    for (let seq = 65_530; seq < 65_540; seq++) lean.send(info, randomBytes(100), seq & 0xffff, seq);
    const first = wire.slice();
    wire.length = 0;
    sender.onGenericNack.execute(new GenericNack({ lost: [65_535, 2, 65_531] }));
    expect(wire.map((data) => data.toString('hex'))).toEqual([first[5]!, first[8]!].map((data) => data.toString('hex')));
  });

  it("uses werift's SRTP when asked to", () => {
    const { sender, wire, viaWerift } = srtpSender(ProtectionProfileAes128CmHmacSha1_80);
    new LeanSender(sender, { weriftSrtp: true }).send(info, Buffer.from([0x65]), 4, 4);
    expect(wire).toHaveLength(0);
    expect(viaWerift.map((header) => header.sequenceNumber)).toEqual([4]);
  });

  it('leaves AES-GCM sessions to werift', () => {
    const { sender, wire, viaWerift } = srtpSender(ProtectionProfileAeadAes128Gcm);
    new LeanSender(sender).send(info, Buffer.from([0x65]), 3, 3);
    expect(wire).toHaveLength(0);
    expect(viaWerift.map((header) => header.sequenceNumber)).toEqual([3]);
  });
});
