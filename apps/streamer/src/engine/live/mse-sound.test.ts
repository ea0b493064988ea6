// The sound track's timeline (mse-sound.ts) and Opus packet lengths (opus.ts): packets follow one
// another, early ones are dropped, gaps become silence, and a stopped sound never holds the picture.
import { describe, expect, it } from 'vitest';
import { SoundTimeline } from './mse-sound.ts';
import { OPUS_SILENCE, opusSamples } from './opus.ts';

/** A 20 ms CELT packet (TOC config 31, one frame) with a little body. */
const packet20 = Buffer.from([0xf8, 0x12, 0x34]);

describe('opusSamples', () => {
  it('reads the length of a packet from its TOC byte', () => {
    expect(opusSamples(packet20)).toBe(960);
    expect(opusSamples(OPUS_SILENCE)).toBe(960);
    expect(opusSamples(Buffer.from([0x08]))).toBe(960); // SILK 20 ms
    expect(opusSamples(Buffer.from([0x11]))).toBe(2 * 1920); // SILK 40 ms, two frames
    expect(opusSamples(Buffer.from([0x83, 0x03]))).toBe(3 * 120); // CELT 2.5 ms, three frames
    expect(opusSamples(Buffer.from([0x1b, 0x05]))).toBe(0); // 5 × 60 ms: more than a packet may hold
    expect(opusSamples(Buffer.alloc(0))).toBe(0);
  });
});

describe('SoundTimeline', () => {
  it('puts each packet where the last ended while it is close to where its clock puts it', () => {
    const timeline = new SoundTimeline();
    expect(timeline.place(0, packet20)).toEqual({ decodeTime: 0, samples: [{ data: packet20, duration: 960 }] });
    // 5 ms later by its clock: still right after the first, 5 ms early.
    expect(timeline.place(1200, packet20)).toMatchObject({ decodeTime: 960, samples: [{ duration: 960 }] });
    expect(timeline.endS).toBeCloseTo(0.04);
    expect(timeline.lastOffsetS).toBeCloseTo(-0.005);
  });

  it('drops a packet that would go more than 30 ms late, and fills a gap with silence', () => {
    const timeline = new SoundTimeline();
    for (let at = 0; at < 3840; at += 960) timeline.place(at, packet20);
    // What was sent ends at 80 ms: a packet of 48 ms would go 32 ms late, one of 52 ms 28 ms late.
    expect(timeline.place(2300, packet20)).toBeUndefined();
    expect(timeline.place(2496, packet20)?.decodeTime).toBe(3840);
    expect(timeline.lastOffsetS).toBeCloseTo(0.028);
    const run = timeline.place(4800 + 5 * 960, packet20)!; // 100 ms lost
    expect(run.decodeTime).toBe(4800);
    expect(run.samples.map((s) => s.data)).toEqual([...Array(5).fill(OPUS_SILENCE), packet20]);
    expect(timeline.endS).toBeCloseTo(0.22);
  });

  it('leaves a gap longer than maxFillS as a hole', () => {
    const timeline = new SoundTimeline({ maxFillS: 1 });
    timeline.place(0, packet20);
    expect(timeline.place(48_000 * 5, packet20)).toEqual({ decodeTime: 48_000 * 5, samples: [{ data: packet20, duration: 960 }] });
  });

  it('fills silence up to the picture when the sound stops, and real sound follows it', () => {
    const timeline = new SoundTimeline();
    expect(timeline.fillTo(500)).toBeUndefined(); // less than a packet behind
    const run = timeline.fillTo(48_000)!;
    expect(run.decodeTime).toBe(0);
    expect(run.samples).toHaveLength(50);
    expect(timeline.endS).toBe(1);
    expect(timeline.place(48_000, packet20)?.decodeTime).toBe(48_000);
  });
});
