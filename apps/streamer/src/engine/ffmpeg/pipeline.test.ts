import { describe, expect, it } from 'vitest';
import { liveOutput } from './outputs.ts';
import { buildPipeline } from './pipeline.ts';
import { inputForSource, rtspList } from './sources.ts';

describe('buildPipeline', () => {
  it('puts the options of each input before its -i, and of each output before its target, in order', () => {
    const inputs = [
      { target: 'rtsp://cam.local/main', options: ['-rtsp_transport', 'tcp'], encode: false },
      { target: 'testsrc2', options: ['-f', 'lavfi'], encode: true },
    ];
    const outputs = [
      { name: 'live' as const, input: 0, options: ['-c:v', 'copy', '-f', 'rtp'], target: 'rtp://127.0.0.1:5004' },
      { name: 'motion' as const, input: 1, options: ['-f', 'rawvideo'], target: 'pipe:3' },
    ];
    expect(buildPipeline('ffmpeg', inputs, outputs).args).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'info', '-nostats',
      '-rtsp_transport', 'tcp', '-i', 'rtsp://cam.local/main',
      '-f', 'lavfi', '-i', 'testsrc2',
      '-map', '0:v:0', '-c:v', 'copy', '-f', 'rtp', 'rtp://127.0.0.1:5004',
      '-map', '1:v:0', '-f', 'rawvideo', 'pipe:3',
    ]);
  });

  it('copies an RTSP camera: no encoder anywhere in the command', () => {
    const input = inputForSource({ kind: 'rtsp', url: 'rtsp://user:secret@cam.local/h264', transport: 'tcp' });
    const pipeline = buildPipeline('ffmpeg', [input], [liveOutput(5004, 0, { encode: input.encode })]);
    const text = pipeline.args.join(' ');
    expect(text).toContain('-rtsp_transport tcp');
    expect(text).toContain('-map 0:v:0 -an -sn -dn -c:v copy');
    expect(text).not.toMatch(/libx264|-preset|-tune/);
    expect(text).toContain('-f rtp rtp://127.0.0.1:5004?pkt_size=1200&rtcpport=5004');
    expect(pipeline.redactedArgs.join(' ')).not.toContain('secret');
    expect(pipeline.outputs).toEqual(['live']);
  });

  it('uses UDP when the camera asks for it', () => {
    const input = inputForSource({ kind: 'rtsp', url: 'rtsp://cam/1', transport: 'udp' });
    expect(input.options.join(' ')).toContain('-rtsp_transport udp');
  });

  it('encodes a test pattern once: constrained baseline, 1 s GOP, in-band parameter sets', () => {
    const input = inputForSource({ kind: 'test-pattern', width: 640, height: 360, fps: 15 });
    const text = buildPipeline('ffmpeg', [input], [liveOutput(6000, 0, { encode: input.encode, fps: 15 })]).args.join(' ');
    expect(text).toMatch(/-re -f lavfi -i testsrc2=size=640x360:rate=15,drawtext=/);
    expect(text).toContain('-c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline');
    expect(text).toContain('-g 15');
    expect(text).toContain('-x264-params repeat-headers=1');
    expect(text.match(/libx264/g)).toHaveLength(1);
  });

  it('reads every input once and maps named outputs to them', () => {
    const source = { kind: 'rtsp', url: 'rtsp://cam/main', transport: 'tcp', substreamUrl: 'rtsp://cam/sub' } as const;
    const main = inputForSource(source);
    const sub = inputForSource(source, { substream: true });
    const pipeline = buildPipeline('ffmpeg', [main, sub], [liveOutput(1, 0, { encode: false }), liveOutput(2, 1, { encode: false }, 'live-sub')]);
    expect(pipeline.args.filter((arg) => arg === '-i')).toHaveLength(2);
    expect(pipeline.args.join(' ')).toMatch(/-map 0:v:0 .* rtp:\/\/127\.0\.0\.1:1\?.* -map 1:v:0 .* rtp:\/\/127\.0\.0\.1:2\?/);
    expect(pipeline.outputs).toEqual(['live', 'live-sub']);
    expect(() => buildPipeline('ffmpeg', [main], [liveOutput(1, 0, { encode: false }), liveOutput(2, 0, { encode: false })])).toThrow(/duplicate/);
    expect(() => buildPipeline('ffmpeg', [main], [liveOutput(1, 3, { encode: false })])).toThrow(/missing input/);
  });

  it('transcodes with a time-based GOP when the rate is unknown', () => {
    const input = inputForSource({ kind: 'rtsp', url: 'rtsp://cam/mjpeg', transport: 'tcp' }, { transcode: true });
    const text = buildPipeline('ffmpeg', [input], [liveOutput(1, 0, { encode: input.encode })]).args.join(' ');
    expect(text).toContain('-c:v libx264');
    expect(text).toContain('-force_key_frames expr:gte(t,n_forced*1)');
  });
});

describe('inputForSource', () => {
  const usb = { kind: 'usb', device: '/dev/video0', width: 1280, height: 720, fps: 15 } as const;
  it('opens USB cameras with each platform\'s capture API', () => {
    expect(inputForSource(usb, { platform: 'linux' }).options.slice(0, 2)).toEqual(['-f', 'v4l2']);
    const windows = inputForSource({ ...usb, device: 'Integrated Camera' }, { platform: 'win32' });
    expect(windows.options.slice(0, 2)).toEqual(['-f', 'dshow']);
    expect(windows.target).toBe('video=Integrated Camera');
    expect(inputForSource({ ...usb, device: 'FaceTime HD Camera' }, { platform: 'darwin' }).options.slice(0, 2)).toEqual(['-f', 'avfoundation']);
    expect(inputForSource(usb).options.join(' ')).toContain('-video_size 1280x720');
  });

  it('loops and paces a file, but reads a FIFO live', () => {
    expect(inputForSource({ kind: 'file', path: '/no/such/file.mp4', loop: true }).options).toEqual(['-stream_loop', '-1', '-re']);
    expect(inputForSource({ kind: 'file', path: '/no/such/file.mp4', loop: false }).options).toEqual(['-re']);
  });
});

// Audit item 6: credentials travel in an ffconcat list on a pipe, never in argv.
describe('RTSP credentials off argv', () => {
  const source = { kind: 'rtsp' as const, url: "rtsp://u:p%40ss'x@cam/main", substreamUrl: 'rtsp://u:p%40ss@cam/sub', transport: 'tcp' as const };
  it('puts each URL with credentials in a list on its own fd', () => {
    const main = inputForSource(source, { credentialsOffArgv: true });
    const sub = inputForSource(source, { credentialsOffArgv: true, substream: true });
    const built = buildPipeline('ffmpeg', [main, sub], [{ name: 'live', input: 0, target: 'rtp://127.0.0.1:5000', options: [] }]);
    expect(built.args.join(' ')).not.toContain('p%40ss');
    expect(built.args).toEqual(expect.arrayContaining(['pipe:3', 'pipe:4', 'concat']));
    expect(built.pipes).toHaveLength(2);
    expect(built.pipes![0]).toBe("ffconcat version 1.0\nfile 'rtsp://u:p%40ss%27x@cam/main'\noption rtsp_transport tcp\noption timeout 5000000\noption probesize 500000\noption analyzeduration 1000000\noption fflags nobuffer\n");
    expect(built.pipes![1]).toContain("file 'rtsp://u:p%40ss@cam/sub'");
  });
  it('keeps a URL without credentials, or on an ffmpeg too old for lists, in argv', () => {
    expect(inputForSource({ ...source, url: 'rtsp://cam/main' }, { credentialsOffArgv: true }).list).toBeUndefined();
    expect(inputForSource(source, {}).target).toBe(source.url);
  });
  it('never lets a URL end its quotes or add a directive', () => {
    expect(rtspList("rtsp://u:a'\nfile '/etc/passwd@cam/x", [])).toBe("ffconcat version 1.0\nfile 'rtsp://u:a%27%0Afile%20%27/etc/passwd@cam/x'\n");
  });
});
