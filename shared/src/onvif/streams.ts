/** Which of a camera's ONVIF profiles to use as the main stream and as the substream (pure). */
import type { OnvifProfile } from './api.ts';

/** Width a substream is best near: enough for grid tiles and motion, cheap to decode. */
export const SUBSTREAM_TARGET_WIDTH = 640;

/**
 * The suggested main stream (the usable profile with the most pixels, then the highest frame rate)
 * and substream (a smaller usable profile, the one whose width is nearest SUBSTREAM_TARGET_WIDTH).
 * H.264 profiles come first in both: the engine copies them, where other formats are re-encoded.
 */
export function pickStreams(profiles: readonly OnvifProfile[]): { main?: OnvifProfile; sub?: OnvifProfile } {
  const usable = profiles.filter((p) => p.usable);
  const h264 = usable.filter((p) => p.codec === 'H264');
  const pool = h264.length > 0 ? h264 : usable;
  const area = (p: OnvifProfile) => p.width * p.height;
  const main = [...pool].sort((a, b) => area(b) - area(a) || (b.fps ?? 0) - (a.fps ?? 0))[0];
  if (!main) return {};
  const smaller = pool.filter((p) => area(p) < area(main) && p.uri !== main.uri);
  const sub = smaller.sort((a, b) => Math.abs(a.width - SUBSTREAM_TARGET_WIDTH) - Math.abs(b.width - SUBSTREAM_TARGET_WIDTH) || area(b) - area(a))[0];
  return sub ? { main, sub } : { main };
}
