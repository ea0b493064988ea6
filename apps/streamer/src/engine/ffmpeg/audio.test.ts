import { describe, expect, it } from 'vitest';
import { audioPlan, inputAudioCodecOf, liveAudioOutput } from './audio.ts';
import { buildPipeline } from './pipeline.ts';
import { liveOutput } from './outputs.ts';
import { parseAlsaPcm, parsePulseSources } from './devices.ts';
import { microphoneInput } from './sources.ts';

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

describe('USB microphones', () => {
  it('lists ALSA capture devices and PulseAudio sources, without output monitors', () => {
    expect(parseAlsaPcm('00-00: HDA Intel PCH : ALC3246 Analog : playback 1 : capture 1\n01-00: USB Audio : USB Audio : capture 1\n00-03: HDMI 0 : HDMI 0 : playback 1\n')).toEqual([
      { device: 'alsa:hw:0,0', name: 'HDA Intel PCH (ALSA)' },
      { device: 'alsa:hw:1,0', name: 'USB Audio (ALSA)' },
    ]);
    expect(parsePulseSources('1\talsa_output.pci.analog-stereo.monitor\tPipeWire\ts32le 2ch 48000Hz\tSUSPENDED\n2\talsa_input.usb-Webcam-02.mono-fallback\tPipeWire\ts16le 1ch 48000Hz\tSUSPENDED\n')).toEqual([
      { device: 'pulse:alsa_input.usb-Webcam-02.mono-fallback', name: 'alsa_input.usb-Webcam-02.mono-fallback (PulseAudio)' },
    ]);
  });

  it('lists ALSA playback devices (through plughw) and PulseAudio sinks as speakers', () => {
    expect(parseAlsaPcm('00-00: HDA Intel PCH : ALC3246 Analog : playback 1 : capture 1\n01-00: USB Audio : USB Audio : capture 1\n00-03: HDMI 0 : HDMI 0 : playback 1\n', 'playback')).toEqual([
      { device: 'alsa:plughw:0,0', name: 'HDA Intel PCH (ALSA)' },
      { device: 'alsa:plughw:0,3', name: 'HDMI 0 (ALSA)' },
    ]);
  });

  it('reads the microphone beside the camera in one process', () => {
    expect(microphoneInput('alsa:hw:1,0')).toEqual({ target: 'hw:1,0', options: ['-thread_queue_size', '1024', '-f', 'alsa'], encode: true });
    expect(microphoneInput('pulse:alsa_input.usb').options).toContain('pulse');
    expect(microphoneInput('Microphone (USB Camera)', 'win32').target).toBe('audio=Microphone (USB Camera)');
    const record = { pattern: '/r/a_%Y.mp4', listFile: '/r/.lists/a.csv', segmentSeconds: 60, audio: 'encode' as const, audioInput: 1 };
    const args = buildPipeline('ffmpeg', [{ target: '/dev/video0', options: ['-f', 'v4l2'], encode: true }, microphoneInput('alsa:hw:1,0')], [liveOutput(5000, 0, { encode: true }, 'live', record), liveAudioOutput(5002, 1, 'encode', 1)]).args.join(' ');
    expect(args).toContain('-map 0:v:0 -map 1:a:0 -c:a aac');
    expect(args).toContain('-map 1:a:0 -vn');
  });
});
