/**
 * QR decoding of video frames and image files with jsQR. Frames are redrawn at a size that suits
 * the decoder first: a small webcam frame is upscaled (jsQR misses codes only a few pixels per
 * module wide), a large photo is downscaled (decoding time grows with the pixel count).
 */
import jsQR from 'jsqr';
import type { RgbaFrame } from '../../common/platform.ts';
import { decodeSize } from '../../common/qr.ts';

/** A decoded code and its corners in the source picture's pixels. */
export interface QrHit {
  text: string;
  corners: { x: number; y: number }[];
}

let scratch: HTMLCanvasElement | undefined;

/**
 * Decodes the QR code in a video frame, an image or a bitmap, or returns undefined. `inverted`
 * also tries light-on-dark codes (twice the work: for single images, not for every video frame).
 */
export function decodeQr(source: CanvasImageSource, width: number, height: number, inverted = false): QrHit | undefined {
  const size = decodeSize(width, height);
  if (size.width === 0) return undefined;
  scratch ??= document.createElement('canvas');
  scratch.width = size.width;
  scratch.height = size.height;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.imageSmoothingEnabled = size.scale < 1; // crisp module edges when upscaling
  ctx.drawImage(source, 0, 0, size.width, size.height);
  const image = ctx.getImageData(0, 0, size.width, size.height);
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: inverted ? 'attemptBoth' : 'dontInvert' });
  if (!code) return undefined;
  const l = code.location;
  const back = (p: { x: number; y: number }) => ({ x: p.x / size.scale, y: p.y / size.scale });
  return { text: code.data, corners: [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner].map(back) };
}

/** Decodes the QR code in an image file (dropped, pasted or picked). */
export async function decodeQrFile(file: Blob): Promise<QrHit | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    return decodeQr(bitmap, bitmap.width, bitmap.height, true);
  } finally {
    bitmap.close();
  }
}

/** Decodes the QR code in an RGBA frame (e.g. the platform's screen capture). */
export function decodeQrFrame(frame: RgbaFrame): QrHit | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = frame.width;
  canvas.height = frame.height;
  const ctx = canvas.getContext('2d');
  if (!ctx || frame.width === 0) return undefined;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(frame.data), frame.width, frame.height), 0, 0);
  return decodeQr(canvas, frame.width, frame.height, true);
}
