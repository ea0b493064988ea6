/**
 * Helpers of the QR scanner that do not need a browser: how much to scale a frame before decoding,
 * and how often to try.
 */

/** Decoding works best when the code is at least this wide in pixels; smaller frames are upscaled. */
export const MIN_DECODE_WIDTH = 640;
/** Larger frames are downscaled to this width, which keeps a decode attempt under ~30 ms. */
export const MAX_DECODE_WIDTH = 1280;
/** Decode attempts per second from a live camera (each costs CPU; 8/s feels instant). */
export const DEFAULT_DECODE_RATE = 8;

/** Size to draw a `width`×`height` frame at before decoding (integer pixels, aspect kept). */
export function decodeSize(width: number, height: number): { width: number; height: number; scale: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0, scale: 1 };
  let scale = 1;
  if (width < MIN_DECODE_WIDTH) scale = Math.min(4, MIN_DECODE_WIDTH / width);
  else if (width > MAX_DECODE_WIDTH) scale = MAX_DECODE_WIDTH / width;
  return { width: Math.round(width * scale), height: Math.round(height * scale), scale };
}

/** Allows an action at most `perSecond` times a second; call `take(now)` before each try. */
export function createRateLimiter(perSecond = DEFAULT_DECODE_RATE): { take(now: number): boolean } {
  const interval = 1000 / perSecond;
  let next = -Infinity;
  return {
    take(now: number): boolean {
      if (now < next) return false;
      next = now + interval;
      return true;
    },
  };
}
