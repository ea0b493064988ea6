import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { ffmpegCommand } from './process.ts';

const pipeline = { binary: '/usr/bin/ffmpeg', args: ['-i', 'x'], redactedArgs: [], outputs: [], env: {} };

describe('ffmpegCommand', () => {
  it('ties ffmpeg to the engine with a parent-death signal on Linux, runs it directly elsewhere', () => {
    const linux = ffmpegCommand(pipeline, 'linux');
    if (existsSync('/usr/bin/setpriv')) expect(linux).toEqual({ file: '/usr/bin/setpriv', args: ['--pdeathsig', 'KILL', '--', '/usr/bin/ffmpeg', '-i', 'x'] });
    expect(ffmpegCommand(pipeline, 'win32')).toEqual({ file: '/usr/bin/ffmpeg', args: ['-i', 'x'] });
  });
});
