/**
 * One picture from an RTSP stream before the camera is added: proves that the stream address and
 * the credentials work for video too (some cameras have a separate RTSP password), and shows the
 * person which camera this is. A short-lived ffmpeg, the same input options as a camera's.
 */
import { spawn } from 'node:child_process';
import { PREVIEW_WIDTH, type PreviewProblem, type PreviewRequest, type PreviewResult } from '@vigil/shared/onvif';
import { diagnoseLine, redactLine } from '../ffmpeg/diagnose.ts';
import type { Writable } from 'node:stream';
import { concatTakesOptions, locateFfmpeg } from '../ffmpeg/locate.ts';
import { hasUserInfo, inputForSource } from '../ffmpeg/sources.ts';
import { withCredentials } from './device.ts';

/** Largest picture accepted from ffmpeg (a 640-wide JPEG is ~50 KB). */
const MAX_JPEG_BYTES = 2_000_000;

/** Takes one frame of `request.uri`, scaled to PREVIEW_WIDTH; gives up after `timeoutMs`. */
export function grabPreview(request: PreviewRequest, timeoutMs: number, ffmpeg = locateFfmpeg()): Promise<PreviewResult> {
  const url = withCredentials(request.uri, request.user, request.password);
  // The password stays off argv here too (a list on fd 3) whenever this ffmpeg can take it so.
  const input = inputForSource({ kind: 'rtsp', url, transport: 'tcp' }, { rtspTimeoutMs: timeoutMs, credentialsOffArgv: hasUserInfo(url) && concatTakesOptions(ffmpeg) });
  // Live pipelines ask for low delay; decoding with it can emit a picture before all its slices
  // arrived (half of it blank), so the preview drops it and decodes keyframes only.
  const options = withoutLowDelay(input.options);
  const args = [
    '-hide_banner', '-loglevel', 'error', ...options, '-skip_frame', 'nokey', '-i', input.target,
    '-frames:v', '1', '-vf', `scale='min(${PREVIEW_WIDTH},iw)':-2`, '-q:v', '5', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
  ];
  return new Promise((resolve) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe', input.list === undefined ? 'ignore' : 'pipe'] as const });
    if (input.list !== undefined) (child.stdio[3] as Writable).on('error', () => undefined).end(input.list);
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs + 2000);
    child.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JPEG_BYTES) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, problem: 'failed', message: `ffmpeg could not run: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && jpeg[0] === 0xff && jpeg[1] === 0xd8) return resolve({ ok: true, jpeg: jpeg.toString('base64') });
      resolve(failure(stderr, timedOut));
    });
  });
}

function withoutLowDelay(options: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < options.length; i++) {
    if ((options[i] === '-fflags' && options[i + 1] === 'nobuffer') || (options[i] === '-flags' && options[i + 1] === 'low_delay')) i++;
    else out.push(options[i]!);
  }
  return out;
}

const MESSAGES: Partial<Record<PreviewProblem, string>> = {
  auth: 'The camera refused these credentials for its video stream. Some cameras have a separate password for RTSP: check the camera’s settings.',
  unreachable: 'The camera’s video stream cannot be reached: its RTSP port may be closed or blocked.',
};

/** The reason ffmpeg gave, as a problem and a sentence (credentials redacted, never echoed). */
function failure(stderr: string, timedOut: boolean): PreviewResult {
  if (timedOut) return { ok: false, problem: 'unreachable', message: 'The camera did not send a picture in time.' };
  for (const line of stderr.split('\n')) {
    const diagnosis = diagnoseLine(redactLine(line));
    if (!diagnosis) continue;
    const problem: PreviewProblem = ['auth', 'unreachable', 'not-found', 'bad-url', 'no-video'].includes(diagnosis.reason) ? (diagnosis.reason as PreviewProblem) : 'failed';
    return { ok: false, problem, message: MESSAGES[problem] ?? diagnosis.message };
  }
  return { ok: false, problem: 'failed', message: 'The camera’s video stream gave no picture.' };
}
