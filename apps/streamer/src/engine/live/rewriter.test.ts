import { describe, expect, it } from 'vitest';
import type { FeedPacket } from './feed.ts';
import { RtpRewriter } from './rewriter.ts';

function packet(epoch: number, timestamp: number, keyframeStart = false): FeedPacket {
  return { data: Buffer.alloc(0), payload: Buffer.alloc(0), keyframeStart, epoch, info: { payloadType: 96, sequenceNumber: 0, timestamp, ssrc: epoch, marker: false, payloadOffset: 12, payloadLength: 1 } };
}

describe('RtpRewriter', () => {
  it('waits for a keyframe, then numbers packets consecutively', () => {
    const rewriter = new RtpRewriter(() => 0.5);
    expect(rewriter.live(packet(1, 1000), 0)).toBeUndefined();
    const first = rewriter.live(packet(1, 1000, true), 0)!;
    const second = rewriter.live(packet(1, 7000), 66)!;
    expect(second.sequenceNumber).toBe((first.sequenceNumber + 1) & 0xffff);
    expect((second.timestamp - first.timestamp) >>> 0).toBe(6000);
  });

  it('replays a GOP in a tight burst and continues live packets after it', () => {
    const rewriter = new RtpRewriter(() => 0.25);
    const cached = [packet(1, 0, true), packet(1, 0), packet(1, 6000), packet(1, 12000)];
    const burst = rewriter.replay(cached, 0);
    const spans = burst.map((slot) => (slot.timestamp - burst[0]!.timestamp) >>> 0);
    expect(spans).toEqual([0, 0, 90, 180]);
    const next = rewriter.live(packet(1, 18000), 10)!;
    expect((next.timestamp - burst[3]!.timestamp) >>> 0).toBe(6000);
    expect(next.sequenceNumber).toBe((burst[3]!.sequenceNumber + 1) & 0xffff);
  });

  it('bridges a source restart: new epoch, random numbering, same outgoing stream', () => {
    const rewriter = new RtpRewriter(() => 0.9);
    const before = rewriter.live(packet(1, 500_000, true), 1000)!;
    expect(rewriter.live(packet(2, 42), 3000)).toBeUndefined(); // not a keyframe yet
    const after = rewriter.live(packet(2, 42, true), 3000)!;
    expect(after.sequenceNumber).toBe((before.sequenceNumber + 1) & 0xffff);
    expect((after.timestamp - before.timestamp) >>> 0).toBe(180_000); // 2 s of wall clock at 90 kHz
  });

  it('keeps timestamps moving forward when a keyframe request replays the GOP', () => {
    const rewriter = new RtpRewriter(() => 0.1);
    rewriter.replay([packet(1, 0, true), packet(1, 6000)], 0);
    const live = rewriter.live(packet(1, 12000), 100)!;
    const again = rewriter.replay([packet(1, 0, true), packet(1, 6000), packet(1, 12000)], 200);
    expect((again[0]!.timestamp - live.timestamp) >>> 0).toBeGreaterThan(0);
    expect((again[0]!.timestamp - live.timestamp) >>> 0).toBeLessThan(1000);
  });
});
