import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chooseFfmpeg, describeFfmpeg, ffmpegVersion } from './locate.ts';

const bundled = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

describe('locating ffmpeg', () => {
  it('takes VIGIL_FFMPEG first, and refuses a relative or missing path with a clear error', () => {
    expect(chooseFfmpeg({ VIGIL_FFMPEG: bundled })).toEqual({ path: bundled, origin: 'VIGIL_FFMPEG' });
    expect(() => chooseFfmpeg({ VIGIL_FFMPEG: 'ffmpeg' })).toThrow(/absolute path/);
    expect(() => chooseFfmpeg({ VIGIL_FFMPEG: '/nonexistent/ffmpeg' })).toThrow(/not an executable file/);
  });

  it('prefers the system ffmpeg on PATH over the bundled one', () => {
    const choice = chooseFfmpeg({});
    expect(choice.origin).toBe('system'); // the test machines have Debian's ffmpeg
    expect(choice.path).not.toBe(bundled);
  });

  it('reads the version, and warns in words when the 2018 fallback is in use', () => {
    expect(ffmpegVersion(chooseFfmpeg({}).path)).toMatch(/^\d+\.\d+/);
    expect(ffmpegVersion('/nonexistent/ffmpeg')).toBeUndefined();
    const line = describeFfmpeg({ path: bundled, origin: 'bundled' });
    expect(line).toContain(`(bundled: ${bundled})`);
    expect(line).toMatch(/dates from 2018: install your system's ffmpeg, or set VIGIL_FFMPEG/);
    expect(describeFfmpeg(chooseFfmpeg({}))).not.toMatch(/2018/);
  });
});
