/**
 * Reads ffmpeg's stderr for the reasons a camera is not live, in words a person understands.
 * ffmpeg prints URLs with their credentials, so every line is redacted before anyone sees it.
 */
import { redactUrl, type CameraFailure } from '@vigil/shared/config';

/** A diagnosis taken from one stderr line. */
export interface Diagnosis {
  reason: CameraFailure;
  message: string;
  /** Permanent problems are not retried on a timer: retrying cannot fix them. */
  permanent: boolean;
}

/** The video codec ffmpeg reported for the input, lower case (h264, hevc, mjpeg, ...). */
export type InputCodec = string;

/** Replaces user:password@ in every URL on the line. */
export function redactLine(line: string): string {
  // ffmpeg quotes URLs in its messages ('rtsp://…'); redactUrl copes with raw '@' '/' ':' '#'.
  return line.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => redactUrl(url));
}

const RULES: Array<{ pattern: RegExp } & Diagnosis> = [
  // Refused credentials are not retried: many cameras lock the account after a few failed logins.
  { pattern: /\b401\b|Unauthorized|authorization failed/i, reason: 'auth', permanent: true, message: 'The camera refused the user name or password.' },
  { pattern: /\b403\b|Forbidden/i, reason: 'auth', permanent: false, message: 'The camera refused access to this stream.' },
  { pattern: /\b404\b|Not Found|No such file or directory|Cannot open video device|Could not find video device|not exist/i, reason: 'not-found', permanent: false, message: 'The camera or stream was not found: check the path or device.' },
  { pattern: /Port missing in uri|Invalid argument|Invalid data found when processing input|Protocol not found|Unsupported URL/i, reason: 'bad-url', permanent: true, message: 'The camera address is not valid.' },
  { pattern: /Connection refused|Failed to resolve hostname|No route to host|Network is unreachable|Connection timed out|Host is unreachable|Name or service not known/i, reason: 'unreachable', permanent: false, message: 'The camera cannot be reached: is it on, and is the address right?' },
  { pattern: /matches no streams|does not contain any stream|no video stream/i, reason: 'no-video', permanent: false, message: 'The source has no video stream.' },
  { pattern: /End of file|Connection reset by peer|Broken pipe|Server returned 5\d\d/i, reason: 'exited', permanent: false, message: 'The camera closed the stream.' },
];

/** Classifies one (already redacted) stderr line, if it explains a failure. */
export function diagnoseLine(line: string): Diagnosis | undefined {
  for (const rule of RULES) {
    if (rule.pattern.test(line)) return { reason: rule.reason, message: rule.message, permanent: rule.permanent };
  }
  return undefined;
}

/** The codec of the first video stream of input 0 if this line announces it. */
export function inputCodecOf(line: string): InputCodec | undefined {
  const match = /^\s*Stream #0:\d+[^:]*: Video: ([a-z0-9_]+)/i.exec(line);
  return match?.[1]?.toLowerCase();
}

/** What to do with an input codec: copy it or transcode it. */
export function codecPolicy(codec: InputCodec): 'copy' | 'transcode' {
  // H.265 is copied too (decoding 4K HEVC in software would eat a Pi alive): no browser takes it
  // over WebRTC, so its viewers get it over the data channel as fMP4 for MediaSource, which plays
  // it where the browser's platform decodes HEVC (live/mse-stream.ts).
  if (codec === 'h264' || codec === 'hevc' || codec === 'h265') return 'copy';
  // MJPEG and other intra formats are cheap to decode: transcode them once for all viewers.
  return 'transcode';
}

