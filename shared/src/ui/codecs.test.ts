import { describe, expect, it } from 'vitest';
import { h264First, preferH264 } from './codecs.ts';

const vp8 = { mimeType: 'video/VP8' };
const highH264 = { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034' };
const baselineMode0 = { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f' };
const baselineMode1 = { mimeType: 'video/h264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' };
const rtx = { mimeType: 'video/rtx' };

describe('h264First', () => {
  it('puts constrained baseline with packetization mode 1 first, other H.264 next, the rest after', () => {
    expect(h264First([vp8, highH264, baselineMode0, rtx, baselineMode1])).toEqual([baselineMode1, highH264, baselineMode0, vp8, rtx]);
  });

  it('leaves a browser without H.264 alone', () => {
    expect(h264First([vp8, rtx])).toBeUndefined();
  });
});

describe('preferH264', () => {
  it('sets the order on the transceiver, and does nothing where the API or H.264 is missing', () => {
    const set: unknown[][] = [];
    const transceiver = { setCodecPreferences: (codecs: unknown[]) => void set.push(codecs) };
    preferH264(transceiver, { codecs: [vp8, baselineMode1] });
    expect(set).toEqual([[baselineMode1, vp8]]);
    preferH264(transceiver, { codecs: [vp8] });
    preferH264(transceiver, null);
    preferH264({}, { codecs: [baselineMode1] });
    expect(set).toHaveLength(1);
  });
});
