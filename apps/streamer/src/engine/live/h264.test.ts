import { describe, expect, it } from 'vitest';
import { startsKeyframe } from './h264.ts';

const check = (payload: number[]) => startsKeyframe(Buffer.from(payload), 0, payload.length);

describe('startsKeyframe', () => {
  it('sees SPS and IDR single NAL units', () => {
    expect(check([0x67, 0x42])).toBe(true);
    expect(check([0x65, 0x88])).toBe(true);
    expect(check([0x41, 0x9a])).toBe(false);
  });

  it('sees an IDR only in the first FU-A fragment', () => {
    expect(check([0x7c, 0x85, 0])).toBe(true);
    expect(check([0x7c, 0x05, 0])).toBe(false);
    expect(check([0x7c, 0x81, 0])).toBe(false);
  });

  it('looks inside STAP-A aggregates', () => {
    expect(check([0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xce])).toBe(true);
    expect(check([0x78, 0, 2, 0x06, 0x05, 0, 2, 0x41, 0x9a])).toBe(false);
  });
});
