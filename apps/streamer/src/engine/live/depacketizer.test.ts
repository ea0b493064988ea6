import { describe, expect, it } from 'vitest';
import { Depacketizer } from './depacketizer.ts';
import type { RtpInfo } from './rtp.ts';

const info = (sequenceNumber: number, timestamp: number, marker: boolean): RtpInfo => ({ payloadType: 96, sequenceNumber, timestamp, ssrc: 1, marker, payloadOffset: 12, payloadLength: 0 });

describe('Depacketizer (H.264)', () => {
  it('joins FU-A fragments and splits STAP-A into NAL units', () => {
    const d = new Depacketizer('h264');
    // STAP-A with SPS (7) and PPS (8), then an IDR (5) in two FU-A fragments.
    expect(d.push(info(1, 100, false), Buffer.from([0x18, 0, 2, 0x67, 0xaa, 0, 2, 0x68, 0xbb]))).toEqual([]);
    expect(d.push(info(2, 100, false), Buffer.from([0x7c, 0x85, 1, 2]))).toEqual([]);
    const [unit] = d.push(info(3, 100, true), Buffer.from([0x7c, 0x45, 3])); // end bit, marker
    expect(unit).toMatchObject({ timestamp: 100, keyframe: true });
    expect(unit!.nals.map((n) => [...n])).toEqual([[0x67, 0xaa], [0x68, 0xbb], [0x65, 1, 2, 3]]);
  });

  it('drops pictures after a lost packet until the next keyframe', () => {
    const d = new Depacketizer('h264');
    expect(d.push(info(1, 100, true), Buffer.from([0x65, 1]))).toHaveLength(1); // IDR
    expect(d.push(info(3, 200, true), Buffer.from([0x41, 2]))).toEqual([]); // packet 2 lost
    expect(d.push(info(4, 300, true), Buffer.from([0x41, 3]))).toEqual([]); // still no keyframe
    expect(d.push(info(5, 400, true), Buffer.from([0x65, 4]))).toHaveLength(1);
  });
});

describe('Depacketizer (H.265)', () => {
  it('rebuilds a fragmented IDR with its two-byte header, and sees it as a keyframe', () => {
    const d = new Depacketizer('h265');
    // FU (type 49): payload header 0x62 0x01, FU header S + type 19 (IDR_W_RADL), then E.
    d.push(info(1, 100, false), Buffer.from([0x62, 0x01, 0x80 | 19, 9]));
    const [unit] = d.push(info(2, 100, true), Buffer.from([0x62, 0x01, 0x40 | 19, 8]));
    expect(unit!.keyframe).toBe(true);
    expect([...unit!.nals[0]!]).toEqual([19 << 1, 0x01, 9, 8]);
  });
});
