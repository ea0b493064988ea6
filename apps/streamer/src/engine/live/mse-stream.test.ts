// The data-channel live path with real parts: ffmpeg encodes a test pattern to H.264 RTP on the
// feed's loopback port (as a camera's ffmpeg does), MseStream turns it into fMP4, and ffprobe reads
// the bytes back: one picture per fragment, the right size, keyframes where the encoder put them.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readLivePath } from '@vigil/shared/live';
import { readLayout } from '../playback/mp4.ts';
import { LiveFeed } from './feed.ts';
import { MseStream } from './mse-stream.ts';
import { readSps } from './sps.ts';

const run = promisify(execFile);

/** A data channel that keeps what is sent; `backlog` plays its bufferedAmount. */
function channel() {
  const texts: string[] = [];
  const chunks: Buffer[] = [];
  return { readyState: 'open', bufferedAmount: 0, texts, chunks, send: (data: Buffer | string) => void (typeof data === 'string' ? texts.push(data) : chunks.push(Buffer.from(data))) };
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('MseStream', () => {
  it('turns a real H.264 RTP feed into fMP4 that ffprobe reads: one picture per fragment, right size', async () => {
    const feed = new LiveFeed();
    const port = await feed.start();
    const out = channel();
    const stream = new MseStream(out, 'browser-lacks-h264', 'h264', { chunkBytes: 1000 });
    feed.attach({ push: (packet) => stream.push(packet) });
    const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2.4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '25', '-bf', '0', '-x264-params', 'repeat-headers=1',
      '-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=1200`]);
    await new Promise((resolve) => ffmpeg.on('exit', resolve));
    await feed.stop();

    expect(out.chunks.every((c) => c.length <= 1000)).toBe(true);
    const announcement = readLivePath(out.texts[0] ?? '');
    expect(announcement).toMatchObject({ path: 'mse', reason: 'browser-lacks-h264', mime: 'video/mp4; codecs="avc1.42c00d"', width: 320, height: 240 });
    const bytes = Buffer.concat(out.chunks);
    const layout = readLayout(bytes);
    expect(layout.codec).toBe('avc1.42c00d');
    expect(layout.timescale).toBe(90_000);
    expect(layout.fragments.length).toBeGreaterThan(50); // 60 pictures sent, one fragment each
    // Pictures follow one another without holes: 25 fps at 90 kHz (the first picture's duration
    // is a guess, 1/30 s, until the second shows the rate).
    const steps = layout.fragments.slice(2).map((f, i) => f.decodeTime - layout.fragments[i + 1]!.decodeTime);
    expect(new Set(steps)).toEqual(new Set([3600]));

    const dir = await mkdtemp(join(tmpdir(), 'vigil-mse-'));
    dirs.push(dir);
    await writeFile(join(dir, 'live.mp4'), bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', join(dir, 'live.mp4')]);
    const probed = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams[0];
    expect(probed).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    expect(Number(probed!.nb_read_frames)).toBe(layout.fragments.length);
  });

  it('drops pictures while the channel is backed up and resumes at a keyframe, without a hole', async () => {
    const feed = new LiveFeed();
    const port = await feed.start();
    const out = channel();
    const stream = new MseStream(out, 'browser-lacks-h264', 'h264', { highWaterBytes: 1000, lowWaterBytes: 500 });
    let pictures = 0;
    feed.attach({ push: (packet) => (stream.push(packet), packet.info.marker && ++pictures === 10 && (out.bufferedAmount = 5000)) });
    const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-g', '25', '-bf', '0', '-x264-params', 'repeat-headers=1', '-f', 'rtp', `rtp://127.0.0.1:${port}`]);
    await vi.waitFor(() => expect(stream.dropped).toBeGreaterThan(5), { timeout: 10_000, interval: 50 });
    out.bufferedAmount = 0; // the channel drained
    await new Promise((resolve) => ffmpeg.on('exit', resolve));
    await feed.stop();
    const layout = readLayout(Buffer.concat(out.chunks));
    const steps = layout.fragments.slice(2).map((f, i) => f.decodeTime - layout.fragments[i + 1]!.decodeTime);
    expect(new Set(steps)).toEqual(new Set([3600]));
    expect(layout.fragments.length + stream.dropped).toBeGreaterThan(60);
  });
});

describe('MseStream with the camera’s sound', () => {
  it('muxes the Opus feed as a second track that ffprobe reads (opus, 48 kHz), holding the 440 Hz tone, in step with the picture', async () => {
    const video = new LiveFeed();
    const audio = new LiveFeed({ audio: true });
    const [videoPort, audioPort] = await Promise.all([video.start(), audio.start()]);
    const out = channel();
    const stream = new MseStream(out, 'browser-lacks-h264', 'h264', {}, { video: () => video.senderReport, audio: () => audio.senderReport });
    video.attach({ push: (packet) => stream.push(packet) });
    audio.attach({ push: (packet) => stream.pushAudio(packet) });
    // As a camera's ffmpeg does (ffmpeg/audio.ts): both RTP outputs on one realtime start, RTCP on the RTP port.
    const start = String(Date.now() * 1000);
    const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '3',
      '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-g', '25', '-bf', '0', '-x264-params', 'repeat-headers=1',
      '-payload_type', '96', '-start_time_realtime', start, '-f', 'rtp', `rtp://127.0.0.1:${videoPort}?pkt_size=1200&rtcpport=${videoPort}`,
      '-map', '1:a', '-t', '3', '-c:a', 'libopus', '-ac', '1', '-b:a', '32k', '-frame_duration', '20', '-application', 'lowdelay',
      '-payload_type', '111', '-start_time_realtime', start, '-f', 'rtp', `rtp://127.0.0.1:${audioPort}?pkt_size=1200&rtcpport=${audioPort}`]);
    await new Promise((resolve) => ffmpeg.on('exit', resolve));
    await Promise.all([video.stop(), audio.stop()]);
    // ffmpeg's sender reports put both feeds on one clock (else packets are placed by arrival).
    expect(video.senderReport && audio.senderReport).toBeTruthy();

    expect(readLivePath(out.texts[0] ?? '')).toMatchObject({ mime: 'video/mp4; codecs="avc1.42c00d,opus"', audio: true });
    const dir = await mkdtemp(join(tmpdir(), 'vigil-mse-sound-'));
    dirs.push(dir);
    const file = join(dir, 'live.mp4');
    await writeFile(file, Buffer.concat(out.chunks));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,codec_tag_string,sample_rate,duration', '-of', 'json', file]);
    const streams = (JSON.parse(stdout) as { streams: Record<string, string>[] }).streams;
    expect(streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(streams[1]).toMatchObject({ codec_name: 'opus', codec_tag_string: 'Opus', sample_rate: '48000' });
    // Both tracks cover the same span of the camera's timeline (sound starts with silence where
    // the picture began before the first packet of sound).
    expect(Math.abs(Number(streams[0]!.duration) - Number(streams[1]!.duration))).toBeLessThan(0.25);
    // One second of the sound decoded: a 440 Hz tone crosses zero 880 times.
    const pcm = await run('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-map', '0:a', '-t', '1', '-ac', '1', '-ar', '16000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 16 << 20 });
    const samples = new Int16Array(pcm.stdout.buffer, pcm.stdout.byteOffset, pcm.stdout.length >> 1);
    expect(samples.length).toBe(16_000);
    const crossings = samples.slice(1).filter((sample, i) => sample >= 0 !== samples[i]! >= 0).length;
    expect(crossings).toBeGreaterThan(860);
    expect(crossings).toBeLessThan(900);
  });
});

describe('MseStream across a camera restart', () => {
  const SPS = Buffer.from('6764002aacd940780227e5c044000003000400000300c83c60c658', 'hex');
  const packet = (epoch: number, sequenceNumber: number, timestamp: number, payload: Buffer, marker: boolean) => ({
    data: payload, payload, keyframeStart: false, epoch,
    info: { payloadType: 96, sequenceNumber, timestamp, ssrc: epoch, marker, payloadOffset: 0, payloadLength: payload.length },
  });
  const keyframe = (epoch: number, seq: number, ts: number) => [
    packet(epoch, seq, ts, SPS, false), packet(epoch, seq + 1, ts, Buffer.from([0x68, 0xce, 0x3c, 0x80]), false), packet(epoch, seq + 2, ts, Buffer.from([0x65, 0x88, 0x80]), true),
  ];

  it('announces a new stream (new init segment) when a new ffmpeg starts, from its first keyframe', () => {
    const out = channel();
    const stream = new MseStream(out, 'browser-lacks-h264', 'h264');
    for (const p of keyframe(1, 10, 1000)) stream.push(p);
    stream.push(packet(1, 13, 4600, Buffer.from([0x41, 0x9a]), true));
    stream.push(packet(2, 500, 777_000, Buffer.from([0x41, 0x9a]), true)); // new epoch, no keyframe yet: dropped
    for (const p of keyframe(2, 501, 780_000)) stream.push(p);
    expect(out.texts.map((t) => readLivePath(t))).toMatchObject([{ width: 1920, height: 1080 }, { width: 1920, height: 1080 }]);
    // Each stream starts at decode time 0 with its own init segment: two moovs, three pictures.
    const bytes = Buffer.concat(out.chunks);
    expect(bytes.toString('latin1').split('moov').length - 1).toBe(2);
    expect(bytes.toString('latin1').split('moof').length - 1).toBe(3);
  });
});

describe('MseStream with an H.265 camera', () => {
  it('writes hev1 fMP4 from real H.265 RTP that ffprobe reads: right size, every picture', async () => {
    const feed = new LiveFeed();
    feed.codec = 'h265';
    const port = await feed.start();
    const out = channel();
    const stream = new MseStream(out, 'camera-h265', 'h265');
    feed.attach({ push: (packet) => stream.push(packet) });
    const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-x265-params', 'keyint=25:repeat-headers=1:log-level=error', '-bf', '0',
      '-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=1200`]);
    await new Promise((resolve) => ffmpeg.on('exit', resolve));
    await feed.stop();
    const announcement = readLivePath(out.texts[0] ?? '');
    expect(announcement).toMatchObject({ path: 'mse', reason: 'camera-h265', width: 320, height: 240 });
    expect(announcement?.path === 'mse' && announcement.mime).toMatch(/^video\/mp4; codecs="hev1\.1\.6\.L\d+\.[0-9A-F.]+"$/);
    const bytes = Buffer.concat(out.chunks);
    const layout = readLayout(bytes);
    // The recording reader names the codec as the live path announced it.
    expect(`video/mp4; codecs="${layout.codec}"`).toBe(announcement?.path === 'mse' && announcement.mime);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-mse-'));
    dirs.push(dir);
    await writeFile(join(dir, 'live.mp4'), bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=codec_name,codec_tag_string,width,height,nb_read_frames', '-of', 'json', join(dir, 'live.mp4')]);
    const probed = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams[0];
    expect(probed).toMatchObject({ codec_name: 'hevc', codec_tag_string: 'hev1', width: 320, height: 240 });
    expect(Number(probed!.nb_read_frames)).toBe(layout.fragments.length);
    expect(layout.fragments.length).toBeGreaterThan(40);
  });
});

describe('readSps', () => {
  it('reads size and codec of a High-profile SPS with cropping (1920×1080)', () => {
    // x264 High 4.0, 1920x1080 (1088 coded rows, 8 cropped).
    const sps = Buffer.from('6764002aacd940780227e5c044000003000400000300c83c60c658', 'hex');
    expect(readSps(sps)).toEqual({ width: 1920, height: 1080, codec: 'avc1.64002a' });
  });

  it('throws on an SPS cut short', () => {
    expect(() => readSps(Buffer.from('6742c0', 'hex'))).toThrow(/cut short/);
  });
});
