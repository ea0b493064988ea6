/**
 * Motion zones and privacy masks: polygons in normalised image coordinates, so one configuration
 * fits the main stream, the substream and any motion resolution alike.
 */
import { z } from 'zod';

/** A point in normalised coordinates: (0,0) is the top-left corner, (1,1) the bottom-right. */
export const NormPoint = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export type NormPoint = z.infer<typeof NormPoint>;

/** A simple polygon, at least a triangle; 64 vertices is plenty for hand-drawn shapes. */
export const Polygon = z.array(NormPoint).min(3).max(64);
export type Polygon = z.infer<typeof Polygon>;

/** Most zones a camera may have: the detector keeps one bit per zone per pixel. */
export const MAX_ZONES = 8;

export const MotionZone = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 of a-z, 0-9 and -'),
  name: z.string().min(1).max(80),
  polygon: Polygon,
  /**
   * 0 (only strong contrast counts) to 1 (the faintest change counts). Default 0.5, which is
   * MOG2's usual threshold of 4 standard deviations; each step of 0.25 halves or doubles it.
   */
  sensitivity: z.number().min(0).max(1).default(0.5),
  /** Smallest blob, as a fraction of the frame's area, that counts inside this zone. */
  minArea: z.number().min(0).max(1).default(0.001),
});
export type MotionZone = z.infer<typeof MotionZone>;
export type MotionZoneInput = z.input<typeof MotionZone>;

/** A privacy or nuisance mask (a road, a tree): no motion is ever reported inside it. */
export const MotionMask = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 of a-z, 0-9 and -'),
  polygon: Polygon,
});
export type MotionMask = z.infer<typeof MotionMask>;
