/**
 * Any image ffmpeg reads (JPEG snapshots, test photos) → an RGB raster, through ffmpeg's PPM
 * encoder, whose header carries the size. For fixtures, benchmarks and JPEG-only sources.
 */
import { execFile } from 'node:child_process';
import { locateFfmpeg } from '../ffmpeg/locate.ts';
import type { Raster } from './raster.ts';

/** Decodes the image file at `path` to 8-bit RGB. */
export function decodeImage(path: string, ffmpeg = locateFfmpeg()): Promise<Raster> {
  return new Promise((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-i', path, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
    execFile(ffmpeg, args, { encoding: 'buffer', maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`cannot decode ${path}: ${String(stderr).trim().slice(0, 200) || error.message}`));
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(stdout.toString('latin1', 0, 40));
      if (!header) return reject(new Error(`cannot decode ${path}: ffmpeg returned no PPM image`));
      const width = Number(header[1]), height = Number(header[2]);
      const data = new Uint8Array(stdout.buffer, stdout.byteOffset + header[0].length, width * height * 3);
      resolve({ width, height, channels: 3, data });
    });
  });
}

/** The gray (luma, BT.601) version of an RGB raster: what the motion snapshot gives the detector. */
export function toGray(raster: Raster): Raster {
  if (raster.channels === 1) return raster;
  const gray = new Uint8Array(raster.width * raster.height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 3) gray[i] = (raster.data[p]! * 299 + raster.data[p + 1]! * 587 + raster.data[p + 2]! * 114 + 500) / 1000;
  return { width: raster.width, height: raster.height, channels: 1, data: gray };
}
