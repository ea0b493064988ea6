import { describe, expect, it } from 'vitest';
import { Speaker } from '@vigil/shared/config';
import { speakerFailure, speakerOutput } from './speaker.ts';

describe('the PC speaker as a talk sink', () => {
  it('writes to ALSA or PulseAudio on Linux and AudioToolbox on macOS', () => {
    expect(speakerOutput('default', 'linux')).toEqual({ options: ['-ac', '2', '-ar', '48000', '-f', 'alsa'], target: 'default' });
    expect(speakerOutput('alsa:plughw:1,0', 'linux').target).toBe('plughw:1,0');
    expect(speakerOutput('pulse:alsa_output.pci.analog-stereo', 'linux').options).toEqual(['-ac', '2', '-ar', '48000', '-f', 'pulse', '-device', 'alsa_output.pci.analog-stereo']);
    expect(speakerOutput('audiotoolbox:2', 'darwin').options).toContain('-audio_device_index');
  });

  it('refuses in words what this computer cannot play on', () => {
    expect(() => speakerOutput('default', 'win32')).toThrow(/not supported on Windows yet/);
    expect(() => speakerOutput('audiotoolbox:1', 'linux')).toThrow(/the speaker 'audiotoolbox:1' is not an audio output of this computer/);
  });

  it('says which speaker cannot be opened, from ffmpeg’s telling line', () => {
    const lines = [
      'ALSA lib conf.c:5180:(_snd_config_evaluate) function snd_func_card_inum returned error: No such file or directory',
      '[alsa @ 0x55fb8ac32280] cannot open audio device x (No such file or directory)',
      'Conversion failed!',
    ];
    expect(speakerFailure('alsa:x', lines)).toBe("the speaker 'alsa:x' cannot be opened: cannot open audio device x (No such file or directory)");
    expect(speakerFailure('default', [])).toBe("the speaker 'default' cannot be opened: ffmpeg stopped");
  });

  it('accepts only speaker names that cannot pass for ffmpeg options', () => {
    for (const good of ['default', 'alsa:plughw:1,0', 'alsa:vigiltalk', 'pulse:alsa_output.usb-1', 'audiotoolbox:0']) expect(Speaker.safeParse(good).success).toBe(true);
    for (const bad of ['', 'alsa:-y', 'alsa:', 'pulse:a b', 'hw:0,0', 'audiotoolbox:x', `alsa:${'x'.repeat(260)}`]) expect(Speaker.safeParse(bad).success).toBe(false);
  });
});
