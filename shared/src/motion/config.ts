/**
 * A camera's motion settings: what the control API accepts and the config file stores. Every
 * limit has its default here, where it is declared.
 */
import { z } from 'zod';
import { MAX_ZONES, MotionMask, MotionZone } from './zones.ts';

export const MotionConfig = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Width of the grayscale frames the detector sees; the height follows the aspect ratio. */
    width: z.number().int().min(64).max(1280).default(320),
    /** Frames per second fed to the detector: 5 to 10 catches a walking person at low cost. */
    fps: z.number().min(1).max(30).default(8),
    /**
     * Where motion counts. Empty: the whole frame, with the sensitivity and minimum area below.
     * Otherwise only blobs inside a zone count, each with that zone's own settings.
     */
    zones: z.array(MotionZone).max(MAX_ZONES).default([]),
    /** Areas never analysed. */
    masks: z.array(MotionMask).max(32).default([]),
    /** Sensitivity where no zones are defined (see MotionZone.sensitivity). */
    sensitivity: z.number().min(0).max(1).default(0.5),
    /** Smallest blob, as a fraction of the frame's area, where no zones are defined. */
    minArea: z.number().min(0).max(1).default(0.001),
    /** Consecutive moving frames before an event starts: one noisy frame is not an event. */
    startFrames: z.number().int().min(1).max(100).default(3),
    /** Seconds without motion before an event ends. */
    endQuietSeconds: z.number().min(0).max(600).default(5),
    /** Seconds of video the recorder keeps before an event's start. */
    preRollSeconds: z.number().min(0).max(60).default(5),
    /** Seconds of video the recorder keeps after an event's end. */
    postRollSeconds: z.number().min(0).max(300).default(10),
  })
  .refine((c) => new Set(c.zones.map((zone) => zone.id)).size === c.zones.length, 'zone ids must be unique');
export type MotionConfig = z.infer<typeof MotionConfig>;
export type MotionConfigInput = z.input<typeof MotionConfig>;
