/**
 * Lists the video capture devices a USB camera can be chosen from: on Linux from
 * /dev/video* and sysfs (no ffmpeg needed); elsewhere from `ffmpeg -list_devices`. Also the
 * microphones one can go with (ALSA and PulseAudio on Linux), and the speakers viewers' talk can
 * be played on (Linux: ALSA and PulseAudio; elsewhere only the system's default output).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { locateFfmpeg } from './locate.ts';

/** A capture device as the config names it. */
export interface VideoDevice {
  /** What goes into UsbSource.device. */
  device: string;
  /** A human name. */
  name: string;
}

/**
 * Lists microphones: on Linux the ALSA capture devices (/proc/asound/pcm) and, when PulseAudio (or
 * PipeWire's pulse server) runs, its sources (`pactl`); elsewhere from `ffmpeg -list_devices`.
 */
export async function listAudioDevices(platform: NodeJS.Platform = process.platform): Promise<VideoDevice[]> {
  if (platform === 'linux') {
    const alsa = parseAlsaPcm(await readFile('/proc/asound/pcm', 'utf8').catch(() => ''));
    const pulse = await new Promise<string>((resolve) => execFile('pactl', ['list', 'short', 'sources'], { timeout: 5000 }, (_e, out) => resolve(String(out ?? ''))));
    return [...parsePulseSources(pulse), ...alsa];
  }
  const stderr = await ffmpegDeviceList(platform);
  return platform === 'win32' ? parseDshowList(stderr, 'audio') : parseAvfoundationList(stderr, 'audio');
}

/**
 * Lists audio outputs for viewers' talk (values of the config's Speaker): the system default,
 * then on Linux PulseAudio's sinks (`pactl`) and the ALSA playback devices (/proc/asound/pcm).
 * ALSA devices defined only in a config file (~/.asoundrc) are not listed; they can still be set.
 * Windows has none: ffmpeg cannot play sound there.
 */
export async function listSpeakers(platform: NodeJS.Platform = process.platform): Promise<VideoDevice[]> {
  if (platform === 'win32') return [];
  const system = { device: 'default', name: 'System default output' };
  if (platform !== 'linux') return [system];
  const alsa = parseAlsaPcm(await readFile('/proc/asound/pcm', 'utf8').catch(() => ''), 'playback');
  const pulse = await new Promise<string>((resolve) => execFile('pactl', ['list', 'short', 'sinks'], { timeout: 5000 }, (_e, out) => resolve(String(out ?? ''))));
  return [system, ...parsePulseSources(pulse), ...alsa];
}

/** ffmpeg's listing of DirectShow or AVFoundation devices (video and audio). */
function ffmpegDeviceList(platform: NodeJS.Platform): Promise<string> {
  const args = platform === 'win32' ? ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'] : ['-hide_banner', '-list_devices', 'true', '-f', 'avfoundation', '-i', ''];
  // ffmpeg exits non-zero after listing: the listing is on stderr either way.
  return new Promise<string>((resolve) => execFile(locateFfmpeg(), args, { timeout: 10_000 }, (_error, _stdout, err) => resolve(String(err))));
}

/**
 * ALSA capture (or playback) devices from /proc/asound/pcm lines such as
 * `01-00: USB Audio : USB Audio : capture 1`. Playback goes through `plughw`, which converts
 * the rate and channels a card does not take itself.
 */
export function parseAlsaPcm(text: string, direction: 'capture' | 'playback' = 'capture'): VideoDevice[] {
  const plugin = direction === 'capture' ? 'hw' : 'plughw';
  return text.split('\n').flatMap((line) => {
    const match = /^(\d+)-(\d+): ([^:]*):(.*)/.exec(line);
    return match?.[4]!.includes(direction) ? [{ device: `alsa:${plugin}:${Number(match[1])},${Number(match[2])}`, name: `${match[3]!.trim()} (ALSA)` }] : [];
  });
}

/** PulseAudio sources from `pactl list short sources`, or sinks (monitors of outputs left out). */
export function parsePulseSources(text: string): VideoDevice[] {
  return text.split('\n').flatMap((line) => {
    const name = line.split('\t')[1]?.trim();
    return name && !name.endsWith('.monitor') ? [{ device: `pulse:${name}`, name: `${name} (PulseAudio)` }] : [];
  });
}

/** Lists video capture devices on this machine. */
export async function listVideoDevices(platform: NodeJS.Platform = process.platform): Promise<VideoDevice[]> {
  if (platform === 'linux') return listLinux();
  const stderr = await ffmpegDeviceList(platform);
  return platform === 'win32' ? parseDshowList(stderr) : parseAvfoundationList(stderr);
}

async function listLinux(): Promise<VideoDevice[]> {
  let entries: string[];
  try {
    entries = await readdir('/dev');
  } catch {
    return [];
  }
  const nodes = entries.filter((entry) => /^video\d+$/.test(entry)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return Promise.all(
    nodes.map(async (node) => {
      const name = await readFile(`/sys/class/video4linux/${node}/name`, 'utf8').then((text) => text.trim(), () => node);
      return { device: `/dev/${node}`, name };
    }),
  );
}

/** Parses `ffmpeg -list_devices true -f dshow -i dummy` output (video devices, or audio ones). */
export function parseDshowList(stderr: string, want: 'video' | 'audio' = 'video'): VideoDevice[] {
  const devices: VideoDevice[] = [];
  let inVideo = true;
  for (const line of stderr.split(/\r?\n/)) {
    if (/DirectShow video devices/i.test(line)) inVideo = true;
    else if (/DirectShow audio devices/i.test(line)) inVideo = false;
    const match = /\]\s+"([^"]+)"(?:\s+\((video|audio|none)\))?/.exec(line);
    if (!match?.[1] || /Alternative name/i.test(line)) continue;
    const kind = match[2];
    const isVideo = kind === 'video' || (kind === undefined && inVideo);
    if (want === 'video' ? isVideo : kind === 'audio' || (kind === undefined && !inVideo)) devices.push({ device: match[1], name: match[1] });
  }
  return devices;
}

/** Parses `ffmpeg -list_devices true -f avfoundation -i ""` output (video devices, or audio ones). */
export function parseAvfoundationList(stderr: string, want: 'video' | 'audio' = 'video'): VideoDevice[] {
  const devices: VideoDevice[] = [];
  let inVideo = false;
  for (const line of stderr.split(/\r?\n/)) {
    if (/AVFoundation video devices/i.test(line)) inVideo = true;
    else if (/AVFoundation audio devices/i.test(line)) inVideo = false;
    const match = /\]\s+\[(\d+)\]\s+(.+)$/.exec(line);
    if (inVideo === (want === 'video') && match?.[2]) devices.push({ device: match[2].trim(), name: match[2].trim() });
  }
  return devices;
}
