/**
 * What the alert service consumes: a motion event as the engine knows it once the camera's and
 * zones' names are looked up and the snapshot is encoded as JPEG.
 */
import type { MotionEvent } from '@vigil/shared/motion';
import type { ZonedLabel } from '@vigil/shared/detection';
import type { HealthKind } from '@vigil/shared/alerts';

/** A motion event ready to be alerted. */
export interface AlertEvent {
  /** Unique per event: alerts are idempotent on (event id, channel). */
  id: string;
  camera: string;
  cameraName: string;
  /** Zones the motion touched, with their names for the caption. */
  zones: ReadonlyArray<{ id: string; name: string }>;
  /** Milliseconds since the epoch of the first moving frame. */
  start: number;
  end?: number;
  /** Largest foreground area in one frame, as a fraction of the frame. */
  peakArea: number;
  /** The busiest frame as JPEG; an alert without one goes out as text. */
  snapshot?: Buffer;
  /** What the object detector found (with the zones each object stands in); absent: not analysed. */
  labels?: ReadonlyArray<ZonedLabel>;
}

/** Builds an AlertEvent from the motion detector's event plus what the engine knows around it. */
export function alertEventFromMotion(
  event: MotionEvent,
  extra: { cameraName: string; zoneNames?: Readonly<Record<string, string>>; snapshot?: Buffer },
): AlertEvent {
  return {
    id: event.id,
    camera: event.camera,
    cameraName: extra.cameraName,
    zones: event.zones.map((id) => ({ id, name: extra.zoneNames?.[id] ?? id })),
    start: event.start,
    ...(event.end === undefined ? {} : { end: event.end }),
    peakArea: event.peakArea,
    ...(extra.snapshot ? { snapshot: extra.snapshot } : {}),
  };
}

/** A health alert as the health monitor raises it (../health): its words are ready. */
export interface HealthAlert {
  /** Unique per occurrence: raising it again (after a restart) queues nothing. At most 64 characters. */
  id: string;
  kind: HealthKind;
  camera?: string;
  cameraName?: string;
  /** Milliseconds since the epoch of what happened (the start of an outage, the jump). */
  at: number;
  /** The subject line, e.g. "Porch is offline since 14:02". */
  title: string;
  /** The text under it. */
  body: string;
}
