/**
 * Colour event snapshots from a live feed's GOP cache: the last keyframe and everything since,
 * depacketised to Annex-B and decoded once by a short-lived ffmpeg, which keeps only the newest
 * picture, scales it to at most `maxWidth` (never up) and writes it twice: as a JPEG for alerts
 * (stdout) and as RGB pixels for the object detector (fd 3). Nothing runs while nothing moves;
 * one decode at a time per camera; a timeout kills a stuck ffmpeg. Every failure is a reason the
 * caller logs before it falls back to the motion output's gray frame.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { locateFfmpeg } from '../ffmpeg/locate.ts';
import { rtpToAnnexB } from './annexb.ts';
import { jpegSize } from './jpeg.ts';

/** Widest snapshot (alerts, the detector); smaller cameras keep their size. Default 1280 px. */
export const SNAPSHOT_MAX_WIDTH = 1280;
/** Longest a decode may take before ffmpeg is killed and the gray frame is used. Default 3 s. */
export const SNAPSHOT_TIMEOUT_MS = 3000;

/** A decoded colour picture. */
export interface ColourPicture {
  width: number;
  height: number;
  jpeg: Buffer;
  /** RGB, 3 bytes a pixel, rows back to back, same size as the JPEG. */
  rgb: Uint8Array;
  /** Wall time of the decode, spawn included. */
  ms: number;
}

export interface DecodeOptions {
  ffmpeg?: string;
  maxWidth?: number;
  timeoutMs?: number;
}

/** Decodes the newest picture of a GOP given as H.264 RTP packets (keyframe first). Rejects with the reason. */
export async function decodeGop(packets: readonly Buffer[], options: DecodeOptions = {}): Promise<ColourPicture> {
  const started = performance.now();
  const { stream, accessUnits } = rtpToAnnexB(packets);
  if (accessUnits === 0) throw new Error('no complete picture in the GOP cache yet');
  const maxWidth = options.maxWidth ?? SNAPSHOT_MAX_WIDTH;
  // Every picture must be decoded (each depends on the ones before), but only the last is scaled,
  // converted and encoded. `area` scaling: a downscale that averages, so thin lines survive.
  const filter = `[0:v]select='gte(n\\,${accessUnits - 1})',scale=w='min(${maxWidth}\\,iw)':h=-2:flags=area,split=2[j][r];[j]format=yuvj420p[jo];[r]format=rgb24[ro]`;
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', 'pipe:0', '-filter_complex', filter,
    '-map', '[jo]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1',
    '-map', '[ro]', '-frames:v', '1', '-f', 'rawvideo', 'pipe:3'];
  const child = spawn(options.ffmpeg ?? locateFfmpeg(), args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const jpegChunks: Buffer[] = [], rgbChunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => jpegChunks.push(c));
  (child.stdio[3] as Readable).on('data', (c: Buffer) => rgbChunks.push(c));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-400)));
  child.stdin.on('error', () => undefined); // ffmpeg may exit before reading everything
  child.stdin.end(stream);
  const timeoutMs = options.timeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`decoding the GOP took longer than ${timeoutMs} ms`);
  const jpeg = Buffer.concat(jpegChunks);
  const size = jpegSize(jpeg);
  const detail = stderr.trim().split('\n').pop()?.slice(0, 200) ?? '';
  if (code !== 0 || !size) throw new Error(`decoding the GOP failed (${code === 0 ? 'no picture' : `exit ${code}`})${detail ? `: ${detail}` : ''}`);
  const rgb = Buffer.concat(rgbChunks);
  if (rgb.length !== size.width * size.height * 3) throw new Error(`decoding the GOP gave ${rgb.length} RGB bytes for a ${size.width}×${size.height} picture`);
  return { width: size.width, height: size.height, jpeg, rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), ms: performance.now() - started };
}

export interface ColourSnapshotsOptions extends DecodeOptions {
  /** The camera's cached GOP as RTP packets, oldest first; empty when nothing is cached. */
  gopOf(camera: string): readonly Buffer[];
}

/** Colour snapshots per camera: one decode at a time, a caller arriving meanwhile shares it. */
export function createColourSnapshots(options: ColourSnapshotsOptions) {
  const running = new Map<string, Promise<ColourPicture>>();
  return {
    /** The camera's newest picture; rejects with the reason (nothing cached, decode failed, timeout). */
    capture(camera: string): Promise<ColourPicture> {
      const current = running.get(camera);
      if (current) return current;
      const packets = options.gopOf(camera);
      if (packets.length === 0) return Promise.reject(new Error('no GOP cached for the camera yet'));
      const decoding = decodeGop(packets, options).finally(() => running.delete(camera));
      running.set(camera, decoding);
      return decoding;
    },
  };
}
export type ColourSnapshots = ReturnType<typeof createColourSnapshots>;
