import { describe, expect, it } from 'vitest';
import { rtpToAnnexB } from './annexb.ts';

let sequence = 100;
/** One RTP packet (version 2, payload type 96) around `payload`. */
function rtp(payload: number[], marker = false, timestamp = 9000): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 96;
  header.writeUInt16BE(sequence++ & 0xffff, 2);
  header.writeUInt32BE(timestamp, 4);
  header.writeUInt32BE(0x1234, 8);
  return Buffer.concat([header, Buffer.from(payload)]);
}
const START = [0, 0, 0, 1];

describe('RTP → Annex-B', () => {
  it('writes single NAL units, STAP-A aggregates and reassembled FU-A fragments, counting access units', () => {
    const stap = [24, 0, 2, 0x67, 0xaa, 0, 2, 0x68, 0xbb]; // SPS and PPS
    const fuStart = [0x7c, 0x85, 1, 2], fuMiddle = [0x7c, 0x05, 3], fuEnd = [0x7c, 0x45, 4];
    const { stream, accessUnits } = rtpToAnnexB([rtp(stap), rtp(fuStart), rtp(fuMiddle), rtp(fuEnd, true), rtp([0x41, 9, 9], true, 12000)]);
    expect(accessUnits).toBe(2);
    expect([...stream]).toEqual([...START, 0x67, 0xaa, ...START, 0x68, 0xbb, ...START, 0x65, 1, 2, 3, 4, ...START, 0x41, 9, 9]);
  });

  it('leaves out a picture still arriving and an FU-A that lost a fragment', () => {
    const whole = rtp([0x65, 1], true);
    const lostStart = rtp([0x7c, 0x85, 1]);
    sequence++; // the middle fragment never arrived
    const afterGap = rtp([0x7c, 0x45, 3], true, 12000);
    const arriving = rtp([0x41, 7], false, 15000);
    const { stream, accessUnits } = rtpToAnnexB([whole, lostStart, afterGap, arriving]);
    expect(accessUnits).toBe(1);
    expect([...stream]).toEqual([...START, 0x65, 1]);
    expect(rtpToAnnexB([Buffer.from('not rtp')]).accessUnits).toBe(0);
  });
});
