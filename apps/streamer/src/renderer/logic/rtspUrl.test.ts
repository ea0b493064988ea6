import { describe, expect, it } from 'vitest';
import { rtspUrlProblem, splitRtspUrl, withCredentials, withoutCredentials } from './rtspUrl.ts';

describe('rtspUrlProblem', () => {
  it('accepts ordinary camera addresses', () => {
    for (const url of ['rtsp://192.168.1.20:554/stream1', 'rtsp://cam.local/live', 'rtsps://user:p%40ss@10.0.0.2/h264', 'rtsp://[fe80::1]:554/s', 'RTSP://Cam-1/x?channel=1']) {
      expect(rtspUrlProblem(url), url).toBeUndefined();
    }
  });

  it('names what is wrong with a malformed one', () => {
    expect(rtspUrlProblem('')).toMatch(/empty/);
    expect(rtspUrlProblem('rtsp:/camera.local/stream')).toMatch(/must start with rtsp:\/\//);
    expect(rtspUrlProblem('http://192.168.1.20/')).toMatch(/web page address/);
    expect(rtspUrlProblem('rtsp://')).toMatch(/no camera host/);
    expect(rtspUrlProblem('rtsp://192.168.1.20:99999/x')).toMatch(/invalid port "99999"/);
    expect(rtspUrlProblem('rtsp://192.168.1.20:/x')).toMatch(/no port number/);
    expect(rtspUrlProblem('rtsp://bad_host!/x')).toMatch(/invalid host/);
    expect(rtspUrlProblem('rtsp://cam/a b')).toMatch(/spaces/);
    expect(rtspUrlProblem('', 'The substream address')).toMatch(/^The substream address/);
  });
});

describe('credentials', () => {
  it('merges user and password into the URL, percent-encoded', () => {
    expect(withCredentials('rtsp://10.0.0.2/s', 'admin', 'p@ss:1')).toBe('rtsp://admin:p%40ss%3A1@10.0.0.2/s');
    expect(withCredentials('rtsp://old:x@10.0.0.2/s', 'admin', 'new')).toBe('rtsp://admin:new@10.0.0.2/s');
    expect(withCredentials('rtsp://old:x@10.0.0.2/s', '', '')).toBe('rtsp://old:x@10.0.0.2/s');
    expect(withCredentials('rtsp://10.0.0.2/s', 'viewer', '')).toBe('rtsp://viewer@10.0.0.2/s');
  });

  it('splits and strips them', () => {
    expect(splitRtspUrl('rtsp://a%20b:c@h/p')).toEqual({ scheme: 'rtsp://', user: 'a b', password: 'c', rest: 'h/p' });
    expect(splitRtspUrl('rtsp://h/p')).toEqual({ scheme: 'rtsp://', rest: 'h/p' });
    expect(splitRtspUrl('http://h')).toBeUndefined();
    expect(withoutCredentials('rtsp://***@h:554/p')).toBe('rtsp://h:554/p');
  });
});
