/**
 * What the motion detector tells the rest of Vigil: boxes for live overlays, and events for the
 * recorder, alerts and the control API. Boxes are normalised like zones, so a viewer draws them
 * over a tile of any size.
 */
import { z } from 'zod';

/** A box in normalised coordinates: x, y of the top-left corner, width and height, all in [0,1]. */
export const MotionBox = z.strictObject({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
  h: z.number().min(0).max(1),
});
export type MotionBox = z.infer<typeof MotionBox>;

/** One analysed frame, for overlays: sent a few times a second per camera. */
export const MotionFrame = z.strictObject({
  camera: z.string(),
  /** Milliseconds since the epoch of the frame. */
  at: z.number(),
  boxes: z.array(MotionBox).max(64),
  /** Fraction of the analysed area that is foreground. */
  fraction: z.number().min(0).max(1),
});
export type MotionFrame = z.infer<typeof MotionFrame>;

export const MotionEvent = z.strictObject({
  id: z.string().min(1).max(64),
  camera: z.string(),
  /** Ids of the zones the motion touched; empty when the camera has no zones. */
  zones: z.array(z.string()),
  /** Milliseconds since the epoch of the first moving frame. */
  start: z.number(),
  /** Milliseconds since the epoch of the last moving frame; absent while the event is open. */
  end: z.number().optional(),
  /** Largest foreground area in one frame, as a fraction of the frame. */
  peakArea: z.number().min(0).max(1),
  /** Boxes of the frame with the largest area. */
  boxes: z.array(MotionBox).max(64),
  /** Index (in the detector's frame count) of the frame with the largest area: the best snapshot. */
  snapshotFrame: z.number().int().min(0),
  /** What the recorder keeps around the event, in milliseconds. */
  preRollMs: z.number().min(0),
  postRollMs: z.number().min(0),
});
export type MotionEvent = z.infer<typeof MotionEvent>;

/** An event transition: the event bus, alerts and the recorder subscribe to these. */
export const MotionTransition = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), event: MotionEvent }),
  z.strictObject({ type: z.literal('update'), event: MotionEvent }),
  z.strictObject({ type: z.literal('end'), event: MotionEvent }),
]);
export type MotionTransition = z.infer<typeof MotionTransition>;
