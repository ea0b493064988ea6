import { describe, expect, it } from 'vitest';
import { captureMs, ntpFromMs, readSenderReport, StreamSync } from './sync.ts';

/** An RTCP sender report as ffmpeg writes it. */
function senderReport(ssrc: number, ntpSeconds: number, fraction: number, rtp: number): Buffer {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2);
  packet.writeUInt32BE(ssrc, 4);
  packet.writeUInt32BE(ntpSeconds, 8);
  packet.writeUInt32BE(fraction, 12);
  packet.writeUInt32BE(rtp, 16);
  return packet;
}

describe('lip sync', () => {
  it('reads ffmpeg’s sender report as wall-clock milliseconds', () => {
    const report = readSenderReport(senderReport(7, 2_208_988_800 + 1000, 0x8000_0000, 1234));
    expect(report).toEqual({ ssrc: 7, wallMs: 1_000_500, rtpTimestamp: 1234 });
    expect(readSenderReport(Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 7]))).toBeUndefined();
  });

  it('places a timestamp on the report’s clock, across a 32-bit wrap', () => {
    const report = { ssrc: 1, wallMs: 10_000, rtpTimestamp: 0xffff_ff00 };
    expect(captureMs(report, 0xffff_ff00 + 48_000, 48_000)).toBe(11_000);
    expect(captureMs(report, (0xffff_ff00 + 96_000) >>> 0, 48_000)).toBe(12_000);
    expect(captureMs(report, 0xffff_ff00 - 9000, 90_000)).toBe(9900);
  });

  it('reports audio and video of one moment at the same NTP time in each session’s numbering', () => {
    // ffmpeg's two outputs share one start instant: pts 0 = 5000 ms for both.
    const video = { ssrc: 1, wallMs: 5000, rtpTimestamp: 1000 };
    const audio = { ssrc: 2, wallMs: 5000, rtpTimestamp: 7000 };
    const v = new StreamSync(90_000);
    const a = new StreamSync(48_000);
    v.sent(1000 + 90_000, 555, 1000); // pts 1 s, renumbered to 555
    a.sent(7000 + 48_000, 999, 100); // pts 1 s, renumbered to 999
    const vr = v.report(11, video)!;
    const ar = a.report(22, audio)!;
    expect(vr.senderInfo.ntpTimestamp).toBe(ntpFromMs(6000));
    expect(ar.senderInfo.ntpTimestamp).toBe(ntpFromMs(6000));
    expect([vr.senderInfo.rtpTimestamp, ar.senderInfo.rtpTimestamp]).toEqual([555, 999]);
    expect([vr.ssrc, vr.senderInfo.packetCount, vr.senderInfo.octetCount]).toEqual([11, 1, 1000]);
  });

  it('sends nothing before a packet or without ffmpeg’s report', () => {
    const sync = new StreamSync(48_000);
    expect(sync.report(1, { ssrc: 1, wallMs: 0, rtpTimestamp: 0 })).toBeUndefined();
    sync.sent(1, 2, 3);
    expect(sync.report(1, undefined)).toBeUndefined();
  });
});
