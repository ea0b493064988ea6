/**
 * Object detection contracts: what the detector says about a motion event. Other modules (the
 * recordings timeline, viewers, alerts) read `labels` when present and work without them.
 */
import { z } from 'zod';
import { MotionEvent } from '../motion/events.ts';
import { DetectionLabel } from './label.ts';

export * from './label.ts';
export * from './labels.ts';
export * from './config.ts';
export * from './zones.ts';

/** Most labels one event carries (the best per label and frame region are kept). */
export const MAX_EVENT_LABELS = 20;

/**
 * What a motion event may carry once the detector has looked at it (as stored, listed for
 * recordings and sent to viewers). Absent: not analysed (detection off, or still running).
 */
export const EventLabels = z.strictObject({
  labels: z.array(DetectionLabel).max(MAX_EVENT_LABELS).optional(),
});
export type EventLabels = { labels?: DetectionLabel[] };

/** A motion event with the detector's labels, for consumers that validate what they receive. */
export const LabelledMotionEvent = MotionEvent.extend(EventLabels.shape);
export type LabelledMotionEvent = MotionEvent & EventLabels;

/**
 * What the engine publishes once the detector has looked at an event: on the control API's event
 * stream and, as `motion-labels`, on each live viewer's data channel.
 */
export const DetectionResult = z.strictObject({
  camera: z.string(),
  /** The motion event's id. */
  event: z.string(),
  labels: z.array(DetectionLabel).max(MAX_EVENT_LABELS),
  /** Frames (and regions) the detector ran on for this result, and the milliseconds it took. */
  inferences: z.number().int().min(0),
  ms: z.number().min(0),
  /** Which snapshot the result is for: the event's start or its end (the busiest frame). */
  stage: z.enum(['start', 'end']),
});
export type DetectionResult = z.infer<typeof DetectionResult>;

/** A label with the zones its object stands in (absent when the camera has no zones): what alert rules read. */
export type ZonedLabel = DetectionLabel & { zones?: string[] };

/** A result as it travels on a live viewer's data channel. */
export const LabelsMessage = DetectionResult.extend({ type: z.literal('motion-labels') });

/** The result in a data-channel message; undefined when it is not a well-formed `motion-labels` message. */
export function readLabelsMessage(data: string): DetectionResult | undefined {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = LabelsMessage.safeParse(message);
  if (!parsed.success) return undefined;
  const { type: _type, ...result } = parsed.data;
  return result;
}
