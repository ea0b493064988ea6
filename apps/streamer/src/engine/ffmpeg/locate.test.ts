import { describe, expect, it } from 'vitest';
import { chooseFfmpeg } from './locate.ts';

describe('chooseFfmpeg', () => {
  const bundled = () => '/bundled/ffmpeg';
  it('takes VIGIL_FFMPEG first, then the system ffmpeg, and the bundled one only as the last resort', () => {
    expect(chooseFfmpeg('/opt/ffmpeg-7/ffmpeg', () => '/usr/bin/ffmpeg', bundled)).toEqual({ path: '/opt/ffmpeg-7/ffmpeg', origin: 'env' });
    expect(chooseFfmpeg(undefined, () => '/usr/bin/ffmpeg', bundled)).toEqual({ path: '/usr/bin/ffmpeg', origin: 'system' });
    expect(chooseFfmpeg('  ', () => undefined, bundled)).toEqual({ path: '/bundled/ffmpeg', origin: 'bundled' });
  });
});
