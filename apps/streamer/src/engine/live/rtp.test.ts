import { describe, expect, it } from 'vitest';
import { isRtcp, parseRtp, rtpPayload } from './rtp.ts';

/** Builds an RTP packet with the given header fields and payload. */
export function rtpPacket(fields: { seq: number; ts: number; ssrc?: number; marker?: boolean; pt?: number }, payload: number[]): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (fields.marker ? 0x80 : 0) | (fields.pt ?? 96);
  header.writeUInt16BE(fields.seq, 2);
  header.writeUInt32BE(fields.ts >>> 0, 4);
  header.writeUInt32BE(fields.ssrc ?? 1234, 8);
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('parseRtp', () => {
  it('reads the header fields and finds the payload', () => {
    const info = parseRtp(rtpPacket({ seq: 65535, ts: 0xfffffff0, marker: true }, [0x65, 1, 2]));
    expect(info).toMatchObject({ sequenceNumber: 65535, timestamp: 0xfffffff0, marker: true, payloadType: 96, ssrc: 1234, payloadOffset: 12, payloadLength: 3 });
  });

  it('skips CSRCs and header extensions', () => {
    const packet = rtpPacket({ seq: 1, ts: 1 }, [0, 0, 0, 9, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0x41]);
    packet[0] = 0x80 | 0x10 | 1; // extension + one CSRC (the first 4 payload bytes)
    expect(parseRtp(packet)).toMatchObject({ payloadOffset: 24, payloadLength: 1 });
  });

  it('rejects truncated or non-v2 packets and spots RTCP', () => {
    expect(parseRtp(Buffer.alloc(8))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x40, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBeUndefined();
    expect(isRtcp(Buffer.from([0x80, 200, 0, 6]))).toBe(true);
    expect(isRtcp(rtpPacket({ seq: 1, ts: 1 }, [1]))).toBe(false);
  });
});

/** An RTP packet: version 2, payload type 111, with CSRCs, a header extension and padding as asked. */
function rtp(payload: Buffer, { csrcs = 0, extensionWords = -1, padding = 0 } = {}): Buffer {
  const header = Buffer.alloc(12 + csrcs * 4);
  header[0] = 0x80 | csrcs | (extensionWords >= 0 ? 0x10 : 0) | (padding ? 0x20 : 0);
  header[1] = 111;
  const extension = extensionWords >= 0 ? Buffer.alloc(4 + extensionWords * 4, 0xee) : Buffer.alloc(0);
  if (extensionWords >= 0) {
    extension.writeUInt16BE(0xbede, 0);
    extension.writeUInt16BE(extensionWords, 2);
  }
  const pad = Buffer.alloc(padding);
  if (padding) pad[padding - 1] = padding;
  return Buffer.concat([header, extension, payload, pad]);
}

/** The payload parseRtp finds, as a talk's transcoder takes it; undefined when it refuses the packet. */
function payloadOf(packet: Buffer): Buffer | undefined {
  const info = parseRtp(packet);
  return info && rtpPayload(packet, info);
}

describe('the RTP payload of a talk packet', () => {
  const opus = Buffer.from([0xf8, 1, 2, 3, 4]);

  it('skips CSRCs, a header extension (as browsers send: audio level, abs-send-time) and padding', () => {
    expect(payloadOf(rtp(opus))).toEqual(opus);
    expect(payloadOf(rtp(opus, { csrcs: 2, extensionWords: 3, padding: 4 }))).toEqual(opus);
  });

  it('refuses what is not RTP', () => {
    expect(payloadOf(Buffer.alloc(8))).toBeUndefined();
    expect(payloadOf(Buffer.from('hello, this is not RTP'))).toBeUndefined();
    const truncated = rtp(opus, { extensionWords: 10 }).subarray(0, 20);
    expect(payloadOf(truncated)).toBeUndefined();
  });
});
