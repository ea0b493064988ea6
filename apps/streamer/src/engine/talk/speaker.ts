/**
 * The streamer PC's own speaker as a talk sink, for cameras that have none (USB webcams, test
 * patterns, files): how ffmpeg writes to a chosen audio output on each platform, and the
 * sentence a person reads when that output cannot be opened.
 *
 *   Linux: ALSA (`default`, `alsa:<pcm>`) or PulseAudio (`pulse:<sink>`, also PipeWire's server);
 *   macOS: AudioToolbox (`default`, `audiotoolbox:<index>`);
 *   Windows: ffmpeg has no audio output device there: refused in words (not supported yet).
 */

/** ffmpeg's output options and target for the speaker `device` (a validated Speaker value). */
export function speakerOutput(device: string, platform: NodeJS.Platform = process.platform): { options: string[]; target: string } {
  // Stereo at 48 kHz: what every output takes (a bare hw: device may refuse mono).
  const format = ['-ac', '2', '-ar', '48000'];
  const [kind, name = ''] = device === 'default' ? ['default'] : [device.slice(0, device.indexOf(':')), device.slice(device.indexOf(':') + 1)];
  if (platform === 'win32') throw new Error('talking through this PC’s speaker is not supported on Windows yet (ffmpeg has no audio output there): use a camera with its own speaker');
  if (platform === 'darwin') {
    if (kind === 'default') return { options: [...format, '-f', 'audiotoolbox'], target: '-' };
    if (kind === 'audiotoolbox') return { options: [...format, '-f', 'audiotoolbox', '-audio_device_index', name], target: '-' };
  } else {
    if (kind === 'default') return { options: [...format, '-f', 'alsa'], target: 'default' };
    if (kind === 'alsa') return { options: [...format, '-f', 'alsa'], target: name };
    if (kind === 'pulse') return { options: [...format, '-f', 'pulse', '-device', name], target: 'Vigil talk' };
  }
  throw new Error(`the speaker '${device}' is not an audio output of this computer`);
}

/** Why the speaker `device` could not be opened, from the lines ffmpeg wrote before it stopped. */
export function speakerFailure(device: string, lines: readonly string[]): string {
  // ffmpeg's own "cannot open audio device" line names the device; alsa-lib's lines before it do not.
  const telling = [/cannot open/i, /connection refused|access denied|no such|busy/i, /error|failed/i].map((pattern) => lines.find((line) => pattern.test(line))).find(Boolean) ?? lines.at(-1) ?? 'ffmpeg stopped';
  // "[alsa @ 0x55fb8ac32280] cannot open audio device x (…)" → "cannot open audio device x (…)"
  return `the speaker '${device}' cannot be opened: ${telling.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim()}`;
}
