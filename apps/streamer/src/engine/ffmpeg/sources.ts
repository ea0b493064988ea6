/**
 * Turns a camera source from the config into an ffmpeg input. RTSP H.264 is copied, so its input
 * is marked `encode: false` unless the supervisor has learnt that the stream needs transcoding
 * (MJPEG); every other source delivers raw frames and is encoded once.
 */
import { statSync } from 'node:fs';
import type { CameraSource } from '@vigil/shared/config';
import type { PipelineInput } from './pipeline.ts';
import { demoSceneGraph } from './demo-scene.ts';

/** Per-source choices the supervisor makes at run time. */
export interface InputChoices {
  /** Read the RTSP substream instead of the main stream. */
  substream?: boolean;
  /** Transcode an RTSP stream whose codec cannot be copied (MJPEG). */
  transcode?: boolean;
  /** RTSP socket timeout, so a silent camera ends ffmpeg instead of hanging it. */
  rtspTimeoutMs?: number;
  /** The platform whose capture API to use (tests pass another one). */
  platform?: NodeJS.Platform;
  /**
   * Keep an RTSP URL's user name and password out of ffmpeg's argv (world-readable in
   * /proc/<pid>/cmdline): the URL goes in an ffconcat list on a pipe (see rtspList). Needs an
   * ffmpeg whose concat demuxer takes `option` lines (5.0+, see locate.ts concatTakesOptions).
   */
  credentialsOffArgv?: boolean;
}

/** Default RTSP socket I/O timeout. */
export const DEFAULT_RTSP_TIMEOUT_MS = 5000;

/** Options that keep ffmpeg from buffering input before it writes the first packet. */
const LOW_DELAY = ['-fflags', 'nobuffer', '-flags', 'low_delay'];

/** Builds the ffmpeg input for a camera source. */
export function inputForSource(source: CameraSource, choices: InputChoices = {}): PipelineInput {
  switch (source.kind) {
    case 'rtsp': {
      const url = choices.substream && source.substreamUrl ? source.substreamUrl : source.url;
      const timeoutUs = String((choices.rtspTimeoutMs ?? DEFAULT_RTSP_TIMEOUT_MS) * 1000);
      // Small probe: an IP camera's SDP already names the codec, so waiting for more costs start-up time.
      const probe = ['-probesize', '500000', '-analyzeduration', '1000000'];
      const rtsp = ['-rtsp_transport', source.transport, '-timeout', timeoutUs, ...probe];
      const encode = choices.transcode === true;
      if (choices.credentialsOffArgv && hasUserInfo(url)) {
        return { target: 'pipe:3', list: rtspList(url, [...rtsp, '-fflags', 'nobuffer']), options: [...CONCAT, ...probe, ...LOW_DELAY], encode };
      }
      return { target: url, options: [...rtsp, ...LOW_DELAY], encode };
    }
    case 'usb':
      return usbInput(source.device, source.width, source.height, source.fps, choices.platform ?? process.platform);
    case 'file':
      return fileInput(source.path, source.loop);
    case 'test-pattern': {
      const { width, height, fps } = source;
      if (source.scene === 'demo') return { target: demoSceneGraph(width, height, fps), options: ['-re', '-f', 'lavfi'], encode: true };
      // testsrc2 has moving elements; the clock makes a frozen picture obvious to a person.
      const font = Math.max(12, Math.round(height / 18));
      const graph = `testsrc2=size=${width}x${height}:rate=${fps},drawtext=text='%{localtime\\:%T}':x=w-tw-8:y=h-th-8:fontsize=${font}:fontcolor=white:box=1:boxcolor=black@0.6`;
      return { target: graph, options: ['-re', '-f', 'lavfi'], encode: true };
    }
  }
}

/** The concat demuxer reading its list from a pipe and opening the RTSP URL in it. */
const CONCAT = ['-f', 'concat', '-safe', '0', '-protocol_whitelist', 'pipe,rtsp,rtsps,rtp,srtp,udp,tcp,tls,crypto'];

/** True when the URL carries a user name (and maybe a password). */
export function hasUserInfo(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s]*@/i.test(url);
}

/**
 * An ffconcat list holding one RTSP URL and the options its demuxer opens with (`-name value`
 * pairs become `option name value` lines). Quotes, backslashes and control characters in the URL
 * are percent-encoded (ffmpeg decodes the user info), so nothing can end the quoted string or add
 * a directive.
 */
export function rtspList(url: string, options: string[]): string {
  const safe = [...url].map((c) => (c === "'" || c === '\\' || c <= ' ' || c === '\u007f' ? `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}` : c)).join('');
  const lines = ['ffconcat version 1.0', `file '${safe}'`];
  for (let i = 0; i + 1 < options.length; i += 2) lines.push(`option ${options[i]!.replace(/^-/, '')} ${options[i + 1]}`);
  return lines.join('\n') + '\n';
}

/**
 * A USB camera's microphone as its own ffmpeg input (`alsa:hw:1,0`, `pulse:<source>`, or a
 * DirectShow / AVFoundation name), read alongside the camera: one process, one timeline.
 */
export function microphoneInput(microphone: string, platform: NodeJS.Platform = process.platform): PipelineInput {
  const common = ['-thread_queue_size', '1024'];
  if (microphone.startsWith('alsa:')) return { target: microphone.slice(5), options: [...common, '-f', 'alsa'], encode: true };
  if (microphone.startsWith('pulse:')) return { target: microphone.slice(6), options: [...common, '-f', 'pulse'], encode: true };
  if (platform === 'win32') return { target: `audio=${microphone}`, options: [...common, '-f', 'dshow'], encode: true };
  if (platform === 'darwin') return { target: `:${microphone}`, options: [...common, '-f', 'avfoundation'], encode: true };
  return { target: microphone, options: [...common, '-f', 'alsa'], encode: true };
}

function usbInput(device: string, width: number, height: number, fps: number, platform: NodeJS.Platform): PipelineInput {
  const size = `${width}x${height}`;
  const common = ['-framerate', String(fps), '-video_size', size, ...LOW_DELAY];
  switch (platform) {
    case 'win32':
      return { target: `video=${device}`, options: ['-f', 'dshow', '-rtbufsize', '16M', ...common], encode: true };
    case 'darwin':
      return { target: device, options: ['-f', 'avfoundation', ...common], encode: true };
    default:
      return { target: device, options: ['-f', 'v4l2', ...common], encode: true };
  }
}

function fileInput(path: string, loop: boolean): PipelineInput {
  // A FIFO or character device is a live feed: read it as it comes, never loop or pace it.
  if (isLivePath(path)) return { target: path, options: [...LOW_DELAY], encode: true };
  const options = ['-re'];
  if (loop) options.unshift('-stream_loop', '-1');
  return { target: path, options, encode: true };
}

function isLivePath(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFIFO() || stat.isCharacterDevice();
  } catch {
    return false;
  }
}
