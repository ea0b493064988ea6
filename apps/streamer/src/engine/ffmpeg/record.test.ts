import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { liveOutput } from './outputs.ts';
import { buildPipeline } from './pipeline.ts';
import { recordSlave, teeValue } from './record.ts';
import { inputForSource } from './sources.ts';

const target = { pattern: '/rec/cam/cam_%Y%m%dT%H%M%SZ_ab.mp4', listFile: '/rec/cam/.lists/ab.csv', segmentSeconds: 60 };

describe('record output', () => {
  it('writes fragmented MP4 segments with ~1 s fragments and a CSV list', () => {
    const slave = recordSlave(target);
    expect(slave).toMatch(/^\[f=segment:onfail=ignore:segment_time=60:segment_format=mp4:/);
    expect(slave).toContain('movflags\\\\\\=+frag_keyframe+empty_moov+default_base_moof\\\\\\:frag_duration\\\\\\=1000000');
    expect(slave).toContain(':reset_timestamps=1:segment_atclocktime=1:strftime=1:segment_list=/rec/cam/.lists/ab.csv:segment_list_type=csv]/rec/cam/cam_%Y%m%dT%H%M%SZ_ab.mp4');
    // Two rounds of unescaping (slave, then option) give back the value.
    expect(teeValue('C:\\r=1')).toBe('C\\\\\\:\\\\\\\\r\\\\\\=1');
  });

  it('copies an RTSP camera once into both live and record (tee, no encoder)', () => {
    const input = inputForSource({ kind: 'rtsp', url: 'rtsp://cam/h264', transport: 'tcp' });
    const pipeline = buildPipeline('ffmpeg', [input], [liveOutput(5004, 0, { encode: false }, 'live', target)]);
    const text = pipeline.args.join(' ');
    expect(text).not.toMatch(/libx264/);
    expect(text).toContain('-c:v copy -bsf:v dump_extra=freq=keyframe -flush_packets 1 -f tee [f=rtp:payload_type=96:onfail=abort]rtp://127.0.0.1:5004');
    expect(pipeline.outputs).toEqual(['live', 'record']);
    expect(pipeline.env.TZ).toBe('UTC');
  });

  it('encodes a test pattern once and fans the one encode out to live and record', () => {
    const input = inputForSource({ kind: 'test-pattern', width: 640, height: 360, fps: 15 });
    const text = buildPipeline('ffmpeg', [input], [liveOutput(5004, 0, { encode: true, fps: 15 }, 'live', target)]).args.join(' ');
    expect(text.match(/libx264/g)).toHaveLength(1);
    expect(text.match(/-map /g)).toHaveLength(1);
    expect(text).toContain('-flags +global_header');
  });

  it('keeps a burst of stream in whole segments: none overwritten (real ffmpeg)', async () => {
    const run = promisify(execFile);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-record-burst-'));
    try {
      // 20 s of H.264 copied as fast as the disk takes it: the burst a backlog after a stall makes.
      const source = join(dir, 'source.mp4');
      await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=15', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', source]);
      await mkdir(join(dir, 'rec', '.lists'), { recursive: true });
      const burst = { pattern: join(dir, 'rec', 'cam_%Y%m%dT%H%M%SZ_ab.mp4'), listFile: join(dir, 'rec', '.lists', 'ab.csv'), segmentSeconds: 2 };
      await run('ffmpeg', ['-v', 'error', '-i', source, '-map', '0:v', '-c', 'copy', '-f', 'tee', recordSlave(burst)], { env: { ...process.env, TZ: 'UTC' } });
      const listed = (await readFile(burst.listFile, 'utf8')).trim().split('\n').map((line) => line.split(','));
      const files = (await readdir(join(dir, 'rec'))).filter((name) => name.endsWith('.mp4'));
      // Cut on stream time, ten 2 s segments would share one second's name and nine be overwritten.
      expect(new Set(listed.map(([name]) => name)).size).toBe(listed.length);
      expect(files.sort()).toEqual(listed.map(([name]) => name).sort());
      expect(listed.reduce((sum, [, start, end]) => sum + Number(end) - Number(start), 0)).toBeCloseTo(20, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
