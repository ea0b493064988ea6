/** A camera's object detection settings (the `detection` block of its config; absent: off). */
import { z } from 'zod';
import { LABEL_GROUP_NAMES, type LabelGroup } from './labels.ts';

export const LabelName = z.enum(LABEL_GROUP_NAMES as [LabelGroup, ...LabelGroup[]]);

export const DetectionConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /** Labels kept on events; others are discarded. Default: everything that moves past a camera. */
  labels: z.array(LabelName).min(1).default(['person', 'vehicle', 'bicycle', 'animal']),
  /**
   * Lowest detector score kept, 0..1. Default 0.35: CenterNet scores the shipped person photos
   * at 0.39-0.66 in gray, and never scored synthetic textures, light or noise as a person; it
   * does call a textured wall under changing light 'cat' at up to 0.43 (bench/RESULTS.md).
   */
  minScore: z.number().min(0.05).max(1).default(0.35),
  /** Per-label minimum scores that override `minScore` (e.g. { "animal": 0.5 } where textures read as cats). */
  minScores: z.partialRecord(LabelName, z.number().min(0.05).max(1)).optional(),
});
export type DetectionConfig = z.infer<typeof DetectionConfig>;
export type DetectionConfigInput = z.input<typeof DetectionConfig>;
