import { describe, expect, it } from 'vitest';
import { audioPlan, inputAudioCodecOf, liveAudioOutput } from './audio.ts';
import { buildPipeline } from './pipeline.ts';
import { liveOutput } from './outputs.ts';

describe('audio plan', () => {
  it('reads the audio codec from ffmpeg’s input listing', () => {
    expect(inputAudioCodecOf('  Stream #0:1: Audio: aac (LC), 16000 Hz, mono, fltp')).toBe('aac');
    expect(inputAudioCodecOf('    Stream #0:1: Audio: pcm_alaw, 8000 Hz, mono, s16, 64 kb/s')).toBe('pcm_alaw');
    expect(inputAudioCodecOf('  Stream #0:0: Video: h264 (Constrained Baseline)')).toBeUndefined();
    expect(inputAudioCodecOf('  Stream #0:1 -> #1:0 (aac (native) -> opus (libopus))')).toBeUndefined();
  });

  it('copies what can be copied and encodes the rest once', () => {
    expect(audioPlan('aac')).toEqual({ codec: 'aac', live: 'encode', record: 'copy' });
    expect(audioPlan('opus')).toEqual({ codec: 'opus', live: 'copy', record: 'encode' });
    expect(audioPlan('pcm_alaw')).toEqual({ codec: 'pcm_alaw', live: 'encode', record: 'encode' });
    expect(audioPlan(undefined)).toEqual({ live: 'off', record: 'off' });
  });

  it('honours the camera’s switches and explains a codec it cannot use', () => {
    expect(audioPlan('aac', { live: true, record: false })).toEqual({ codec: 'aac', live: 'encode', record: 'off' });
    expect(audioPlan('aac', { live: false, record: true })).toEqual({ codec: 'aac', live: 'off', record: 'copy' });
    const none = audioPlan('none');
    expect([none.live, none.record]).toEqual(['off', 'off']);
    expect(none.message).toMatch(/cannot be decoded.*video goes on/);
  });

  it('maps the sound into the live RTP output and the recording, on one clock', () => {
    const record = { pattern: '/r/a_%Y.mp4', listFile: '/r/.lists/a.csv', segmentSeconds: 60, audio: 'copy' as const };
    const pipeline = buildPipeline('ffmpeg', [{ target: 'rtsp://cam/1', options: [], encode: false }], [
      liveOutput(5000, 0, { encode: false, clockUs: 42 }, 'live', record),
      liveAudioOutput(5002, 0, 'encode', 42),
    ]);
    const args = pipeline.args.join(' ');
    expect(args).toContain('-map 0:v:0 -map 0:a:0 -c:a copy');
    expect(args).toContain('[f=rtp:payload_type=96:select=v:start_time_realtime=42:onfail=abort]');
    expect(args).toContain('-map 0:a:0 -vn -sn -dn -c:a libopus');
    expect(args).toMatch(/-start_time_realtime 42 .*rtp:\/\/127\.0\.0\.1:5002/);
    expect(pipeline.outputs).toEqual(['live', 'record', 'live-audio']);
  });

  it('leaves sound out of a recording that must not keep it', () => {
    const record = { pattern: '/r/a_%Y.mp4', listFile: '/r/.lists/a.csv', segmentSeconds: 60, audio: 'off' as const };
    const args = buildPipeline('ffmpeg', [{ target: 'rtsp://cam/1', options: [], encode: false }], [liveOutput(5000, 0, { encode: false }, 'live', record)]).args.join(' ');
    expect(args).toContain('-map 0:v:0 -an');
    expect(args).not.toContain('0:a:0');
  });
});
