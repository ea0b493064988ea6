/**
 * Grayscale frame → JPEG with ffmpeg's mjpeg encoder, for event snapshots (alerts, the event
 * list). Events are rare, so a short-lived ffmpeg per snapshot costs nothing on the media path.
 */
import { spawn } from 'node:child_process';
import { locateFfmpeg } from '../ffmpeg/locate.ts';

/** Longest an encode may take before it is abandoned. Default 5 s. */
export const JPEG_TIMEOUT_MS = 5000;

/** Encodes an 8-bit grayscale frame as JPEG (quality ~85). */
export function grayToJpeg(frame: { width: number; height: number; data: Uint8Array }, ffmpeg = locateFfmpeg()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-frames:v', '1', '-q:v', '4', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), JPEG_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve(jpeg);
      else reject(new Error(`snapshot encoding failed (${code}): ${stderr.trim().slice(0, 200)}`));
    });
    child.stdin.on('error', () => undefined); // ffmpeg may exit before reading everything
    child.stdin.end(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
  });
}

/** Size and colour components (1 gray, 3 colour) of a JPEG, from its frame header; undefined when it is not one. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number; components: number } | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) return undefined;
    const marker = jpeg[at + 1]!;
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    // SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (jpeg[at + 5]! << 8) | jpeg[at + 6]!, width: (jpeg[at + 7]! << 8) | jpeg[at + 8]!, components: jpeg[at + 9]! };
    }
    at += 2 + length;
  }
  return undefined;
}
