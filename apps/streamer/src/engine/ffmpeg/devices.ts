/**
 * Lists the video capture devices a USB camera can be chosen from: on Linux from
 * /dev/video* and sysfs (no ffmpeg needed); elsewhere from `ffmpeg -list_devices`.
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

/** Lists video capture devices on this machine. */
export async function listVideoDevices(platform: NodeJS.Platform = process.platform): Promise<VideoDevice[]> {
  if (platform === 'linux') return listLinux();
  const args = platform === 'win32' ? ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'] : ['-hide_banner', '-list_devices', 'true', '-f', 'avfoundation', '-i', ''];
  const stderr = await new Promise<string>((resolve) => {
    // ffmpeg exits non-zero after listing: the listing is on stderr either way.
    execFile(locateFfmpeg(), args, { timeout: 10_000 }, (_error, _stdout, err) => resolve(String(err)));
  });
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

/** Parses `ffmpeg -list_devices true -f dshow -i dummy` output (video devices only). */
export function parseDshowList(stderr: string): VideoDevice[] {
  const devices: VideoDevice[] = [];
  let inVideo = true;
  for (const line of stderr.split(/\r?\n/)) {
    if (/DirectShow video devices/i.test(line)) inVideo = true;
    else if (/DirectShow audio devices/i.test(line)) inVideo = false;
    const match = /\]\s+"([^"]+)"(?:\s+\((video|audio|none)\))?/.exec(line);
    if (!match?.[1] || /Alternative name/i.test(line)) continue;
    const kind = match[2];
    if (kind === 'video' || (kind === undefined && inVideo)) devices.push({ device: match[1], name: match[1] });
  }
  return devices;
}

/** Parses `ffmpeg -list_devices true -f avfoundation -i ""` output (video devices only). */
export function parseAvfoundationList(stderr: string): VideoDevice[] {
  const devices: VideoDevice[] = [];
  let inVideo = false;
  for (const line of stderr.split(/\r?\n/)) {
    if (/AVFoundation video devices/i.test(line)) inVideo = true;
    else if (/AVFoundation audio devices/i.test(line)) inVideo = false;
    const match = /\]\s+\[(\d+)\]\s+(.+)$/.exec(line);
    if (inVideo && match?.[2]) devices.push({ device: match[2].trim(), name: match[2].trim() });
  }
  return devices;
}
