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
    expect(slave).toContain(':reset_timestamps=1:strftime=1:segment_list=/rec/cam/.lists/ab.csv:segment_list_type=csv]/rec/cam/cam_%Y%m%dT%H%M%SZ_ab.mp4');
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
});
