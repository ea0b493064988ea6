import { describe, expect, it } from 'vitest';
import { codecPolicy, diagnoseLine, inputCodecOf, redactLine } from './diagnose.ts';

describe('diagnoseLine', () => {
  const cases: Array<[string, string, boolean]> = [
    ['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', 'auth', true],
    ['[tcp @ 0x1] Connection to tcp://127.0.0.1:9?timeout=0 failed: Connection refused', 'unreachable', false],
    ['[tcp @ 0x1] Failed to resolve hostname cam.invalid: Name or service not known', 'unreachable', false],
    ['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found', 'not-found', false],
    ['[tcp @ 0x1] Port missing in uri', 'bad-url', true],
    ["Stream map '0:v:0' matches no streams.", 'no-video', false],
    ['/dev/video3: No such file or directory', 'not-found', false],
  ];
  it.each(cases)('%s', (line, reason, permanent) => {
    expect(diagnoseLine(line)).toMatchObject({ reason, permanent });
  });

  it('ignores ordinary lines', () => {
    expect(diagnoseLine('  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p, 640x360')).toBeUndefined();
  });
});

describe('codecs', () => {
  it('reads the input codec and decides copy or transcode', () => {
    expect(inputCodecOf('  Stream #0:0: Video: hevc (Main), yuv420p(tv), 640x360')).toBe('hevc');
    expect(inputCodecOf('  Stream #0:1[0x101]: Video: h264 (High)')).toBe('h264');
    expect(codecPolicy('h264')).toBe('copy');
    expect(codecPolicy('hevc')).toBe('copy'); // viewers get it over the data channel (MediaSource)
    expect(codecPolicy('mjpeg')).toBe('transcode');
  });
});

describe('redactLine', () => {
  it('removes credentials from every URL on a line', () => {
    expect(redactLine("rtsp://admin:pa55@10.0.0.2/a: Server returned 401; also http://u:p@x/")).toBe('rtsp://***@10.0.0.2/a: Server returned 401; also http://***@x/');
  });
});
