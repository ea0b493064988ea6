/**
 * What the control API returns about recordings, and what it accepts for exports. Kept here so
 * the streamer UI and the engine read the same shapes.
 */
import { z } from 'zod';
import { DetectionLabel, MAX_EVENT_LABELS } from '../detection/index.ts';
import { DeleteReason } from './manifest.ts';

/** An event mark on the timeline: a motion event's span (end absent while it is open). */
export const EventMark = z.strictObject({
  id: z.string(),
  start: z.number().int(),
  end: z.number().int().optional(),
  /** What a detector saw in the event, when one ran. */
  labels: z.array(DetectionLabel).max(MAX_EVENT_LABELS).optional(),
});
export type EventMark = z.infer<typeof EventMark>;

/** One recorded segment as listed. */
export const RecordingSegmentView = z.strictObject({
  camera: z.string(),
  file: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** Marks of events that overlap the segment. */
  events: z.array(EventMark),
  recovered: z.boolean().optional(),
  /**
   * File name of the segment's thumbnail (a small JPEG of its first keyframe beside the segment),
   * once made. Derived data: not in the hash chain; retention deletes it with its segment.
   */
  thumbnail: z.string().optional(),
});
export type RecordingSegmentView = z.infer<typeof RecordingSegmentView>;

/** Query of GET /api/recordings. */
export const RecordingQuery = z.strictObject({
  camera: z.string(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});
export type RecordingQuery = z.infer<typeof RecordingQuery>;

/** Body of POST /api/recordings/export. */
export const ExportRequest = z.strictObject({
  camera: z.string(),
  from: z.number().int(),
  to: z.number().int(),
}).refine((request) => request.to > request.from, 'to must be after from');
export type ExportRequest = z.infer<typeof ExportRequest>;

/** Progress of an export, 0..1, as pushed on the event stream. */
export const ExportProgress = z.strictObject({
  id: z.string(),
  fraction: z.number().min(0).max(1),
  state: z.enum(['running', 'done', 'failed']),
  /** The bundle folder once done. */
  folder: z.string().optional(),
  error: z.string().optional(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

/** Alerts the recorder raises (disk full, eviction under pressure, a failed recording). */
export const RecordingAlert = z.strictObject({
  kind: z.enum(['disk-full', 'evicted', 'record-failed', 'manifest-failed']),
  camera: z.string().optional(),
  message: z.string(),
  at: z.number().int(),
  reason: DeleteReason.optional(),
  files: z.number().int().optional(),
});
export type RecordingAlert = z.infer<typeof RecordingAlert>;

/** Usage figures per camera. */
export const RecordingUsage = z.strictObject({
  camera: z.string(),
  segments: z.number().int(),
  bytes: z.number().int(),
  oldest: z.number().int().optional(),
  newest: z.number().int().optional(),
});
export type RecordingUsage = z.infer<typeof RecordingUsage>;
