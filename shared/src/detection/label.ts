/** One detected object, in its own module so that zones.ts and index.ts need not import each other. */
import { z } from 'zod';

/**
 * One detected object: a user-facing label (person, vehicle, animal, …), the detector's score
 * (0..1) and its box [x1, y1, x2, y2] normalised to 0..1 (top-left, bottom-right).
 */
export const DetectionLabel = z.strictObject({
  label: z.string().min(1).max(40),
  score: z.number().min(0).max(1),
  box: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
});
export type DetectionLabel = { label: string; score: number; box: [x1: number, y1: number, x2: number, y2: number] };
