/**
 * Where a camera's motion goes: boxes to the live viewers' data channels (overlays), events to
 * the control API, the alert outbox (with a JPEG snapshot) and any other subscriber (recording).
 *
 *   worker result ─► throttled boxes ─► every live session of the camera (data channel)
 *   worker transition ─► snapshot JPEG ─► alerts.raise ─► outbox
 *                      └─► subscribers (control API events, recorder)
 */
import type { MotionTransition } from '@vigil/shared/motion';
import type { MotionResult, Snapshot } from '../motion/index.ts';
import { grayToJpeg } from './jpeg.ts';

/** Boxes sent to viewers at most this often per camera (overlays need no more). Default 5/s. */
export const BOX_INTERVAL_MS = 200;

export interface MotionBusOptions {
  /** Live sessions of a camera, to draw overlays. */
  sessionsOf(cameraId: string): { sendEvent(event: unknown): void }[];
  /** The alert outbox; raise() must not throw for a well-formed event. */
  raise(transition: MotionTransition, jpeg: Buffer | undefined): Promise<unknown>;
  /** Told of every transition (control API, recorder). */
  onTransition?(transition: MotionTransition): void;
  log?(message: string): void;
}

/** Creates the bus; feed it each worker's results and transitions. */
export function createMotionBus(options: MotionBusOptions) {
  const lastBoxes = new Map<string, number>();
  const log = options.log ?? ((m) => console.warn(m));
  return {
    /** A frame's result: boxes (normalised x, y, w, h) to the camera's viewers, throttled. */
    result(result: MotionResult): void {
      const last = lastBoxes.get(result.camera) ?? 0;
      // Always send the first frame without motion, so overlays clear promptly.
      if (result.at - last < BOX_INTERVAL_MS && result.moving) return;
      if (!result.moving && last === 0) return;
      lastBoxes.set(result.camera, result.moving ? result.at : 0);
      const event = { type: 'motion-boxes', camera: result.camera, at: result.at, boxes: result.boxes, moving: result.moving };
      for (const session of options.sessionsOf(result.camera)) session.sendEvent(event);
    },

    /** An event transition: snapshot, alert, subscribers. Never throws. */
    async transition(transition: MotionTransition, snapshot?: Snapshot): Promise<void> {
      options.onTransition?.(transition);
      for (const session of options.sessionsOf(transition.event.camera)) session.sendEvent({ type: `motion-${transition.type}`, event: transition.event });
      if (transition.type === 'end') return; // alerts fire on start (and update for late zones)
      const jpeg = snapshot ? await grayToJpeg(snapshot).catch((error: Error) => (log(`motion: ${error.message}`), undefined)) : undefined;
      await options.raise(transition, jpeg).catch((error: Error) => log(`motion: alert not raised: ${error.message}`));
    },
  };
}
