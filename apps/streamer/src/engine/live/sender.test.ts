import { describe, expect, it, vi } from 'vitest';
import { GenericNack, RTCRtpSender, type RtpHeader } from 'werift';
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
    const lean = new LeanSender(sender, 4);
    for (let seq = 10; seq < 16; seq++) lean.send(info, Buffer.from([seq]), seq, seq * 10);
    sent.length = 0;
    sender.onGenericNack.execute(new GenericNack({ lost: [11, 14, 15] }));
    expect(sent.map((header) => header.sequenceNumber)).toEqual([14, 15]);
    lean.stop();
  });
});
