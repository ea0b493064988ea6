/**
 * Where a camera's motion goes: boxes to the live viewers' data channels (overlays), events to
 * the control API, the alert outbox (with a JPEG snapshot) and any other subscriber (recording).
 *
 *   worker result ─► throttled boxes ─► every live session of the camera (data channel)
 *                 └► event pictures (a busier frame may take a colour picture)
 *   worker transition ─► event picture (colour from the live feed, else the gray frame)
 *                        ─► JPEG (+ detection labels on the same picture, when on) ─► alerts.raise
 *                      └─► subscribers (control API events, recorder)
 */
import type { MotionTransition } from '@vigil/shared/motion';
import type { ZonedLabel } from '@vigil/shared/detection';
import type { EventFrame } from '../detection/service.ts';
import type { MotionResult, Snapshot } from '../motion/index.ts';
import type { ColourPicture } from './colour-snapshot.ts';
import { createEventPictures, type EventPicture } from './event-pictures.ts';

/** Boxes sent to viewers at most this often per camera (overlays need no more). Default 5/s. */
export const BOX_INTERVAL_MS = 200;

export interface MotionBusOptions {
  /** Live sessions of a camera, to draw overlays. */
  sessionsOf(cameraId: string): { sendEvent(event: unknown): void }[];
  /** The alert outbox; raise() must not throw for a well-formed event. `labels`: see `detect`. */
  raise(transition: MotionTransition, jpeg: Buffer | undefined, labels?: ZonedLabel[]): Promise<unknown>;
  /**
   * Object detection (detection/service.ts): the alert waits for it (the hook bounds the wait).
   * Resolves with the event's labels, or undefined when the event was not analysed.
   */
  detect?(transition: MotionTransition, frame?: EventFrame): Promise<ZonedLabel[] | undefined>;
  /**
   * Colour pictures of a camera's live feed (colour-snapshot.ts) for snapshots and detection;
   * absent, or when a capture fails, the motion output's gray frame is used.
   */
  colour?: { capture(camera: string): Promise<ColourPicture> };
  /** Colour captures during one event at most this often; default 2 s (event-pictures.ts). */
  peakIntervalMs?: number;
  /** Cameras whose events take busier pictures than the start's (event-pictures.ts); default all. */
  peaks?: (camera: string) => boolean;
  /** Told of every transition (control API, recorder). */
  onTransition?(transition: MotionTransition): void;
  log?(message: string): void;
}

/** Creates the bus; feed it each worker's results and transitions. */
export function createMotionBus(options: MotionBusOptions) {
  const lastBoxes = new Map<string, number>();
  // Labels each open event was alerted with: an end result with more is raised again (the outbox dedupes).
  const labelCounts = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const log = options.log ?? ((m) => console.warn(m));
  const pictures = createEventPictures({ colour: options.colour, peakIntervalMs: options.peakIntervalMs, peaks: options.peaks, log });
  return {
    /** A frame's result: boxes (normalised x, y, w, h) to the camera's viewers, throttled. */
    result(result: MotionResult): void {
      pictures.result(result);
      const last = lastBoxes.get(result.camera) ?? 0;
      // Always send the first frame without motion, so overlays clear promptly.
      if (result.at - last < BOX_INTERVAL_MS && result.moving) return;
      if (!result.moving && last === 0) return;
      lastBoxes.set(result.camera, result.moving ? result.at : 0);
      const event = { type: 'motion-boxes', camera: result.camera, at: result.at, boxes: result.boxes, moving: result.moving };
      for (const session of options.sessionsOf(result.camera)) session.sendEvent(event);
    },

    /** An event transition: snapshot, alert, subscribers. Never throws. */
    transition(transition: MotionTransition, snapshot?: Snapshot): Promise<void> {
      // Tracked, so the engine can let alerts that wait on detection finish before it stops.
      // The event's picture is asked for now, before the next frame's result arrives.
      const picture = transition.type === 'start' ? pictures.start(transition, snapshot) : transition.type === 'end' ? pictures.end(transition, snapshot) : undefined;
      const done = handle(transition, picture).finally(() => inFlight.delete(done));
      inFlight.add(done);
      return done;
    },

    /** Waits (at most `timeoutMs`, default 5 s) for transitions still encoding, detecting or raising. */
    async drain(timeoutMs = 5000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([...inFlight]), timeout]);
      clearTimeout(timer);
    },
  };

  async function handle(transition: MotionTransition, pending?: Promise<EventPicture>): Promise<void> {
    options.onTransition?.(transition);
    for (const session of options.sessionsOf(transition.event.camera)) session.sendEvent({ type: `motion-${transition.type}`, event: transition.event });
    // Alerts fire on start (and update for late zones); with detection, also on end when the
    // busiest frame shows something new (a rule needing a person may match only then).
    if (transition.type === 'end' && !options.detect) return;
    const picture = await pending;
    const frame = picture?.frame;
    if (transition.type === 'end' && !frame) return;
    const encode = async () => picture?.jpeg();
    const detect = async () => options.detect?.(transition, frame).catch((error: Error) => (log(`motion: detection failed: ${error.message}`), undefined));
    if (transition.type === 'end') {
      const before = labelCounts.get(transition.event.id);
      labelCounts.delete(transition.event.id);
      const labels = await detect();
      if (!labels || labels.length === 0 || labels.length === before) return;
      await options.raise(transition, await encode(), labels).catch((error: Error) => log(`motion: alert not raised: ${error.message}`));
      return;
    }
    const [jpeg, labels] = await Promise.all([encode(), detect()]);
    if (labels) labelCounts.set(transition.event.id, labels.length);
    await options.raise(transition, jpeg, labels).catch((error: Error) => log(`motion: alert not raised: ${error.message}`));
  }
}
