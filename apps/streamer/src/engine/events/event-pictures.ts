/**
 * The picture that stands for an event: in colour from the camera's live feed when it can be had,
 * else the motion output's gray frame. The alert's JPEG and the detector's frame are the same
 * picture.
 *
 *   start transition ─► colour capture (the GOP cache's newest picture ≈ the start frame)
 *   result while open, busier than the last capture ─► colour capture (≤ 1 per peakIntervalMs)
 *   end transition ─► the busiest colour capture of the event, else the gray peak frame
 *
 * A capture that fails (no GOP cached yet, decode error, timeout) is logged with its reason and
 * the gray frame is used: a snapshot problem never costs an alert.
 */
import type { MotionBox, MotionTransition } from '@vigil/shared/motion';
import type { EventFrame } from '../detection/service.ts';
import type { MotionResult, Snapshot } from '../motion/index.ts';
import type { ColourPicture } from './colour-snapshot.ts';
import { grayToJpeg } from './jpeg.ts';

/** Colour captures during one event happen at most this often (each one decodes a GOP). Default 2 s. */
export const PEAK_INTERVAL_MS = 2000;

/** An event's picture: the detector's frame and its JPEG (encoded only if an alert needs it). */
export interface EventPicture {
  frame: EventFrame | undefined;
  colour: boolean;
  jpeg(): Promise<Buffer | undefined>;
}

export interface EventPicturesOptions {
  /** Colour pictures of a camera's live feed; absent: gray only. */
  colour?: { capture(camera: string): Promise<ColourPicture> };
  peakIntervalMs?: number;
  /**
   * Whether a camera's events take busier pictures after the start's (only the detector looks at
   * them: the end alert is raised for new labels). Default: every camera.
   */
  peaks?: (camera: string) => boolean;
  log(message: string): void;
}

interface OpenEvent {
  id: string;
  /** Motion fraction when the last capture was tried; a busier frame may take the next one. */
  captured: number;
  triedAt: number;
  best?: Promise<EventPicture | undefined>;
}

/** Normalised boxes of a worker result (x, y, w, h flattened) as MotionBox objects. */
function boxesOf(flat: readonly number[]): MotionBox[] {
  const boxes: MotionBox[] = [];
  for (let i = 0; i + 3 < flat.length; i += 4) boxes.push({ x: flat[i]!, y: flat[i + 1]!, w: flat[i + 2]!, h: flat[i + 3]! });
  return boxes;
}

/** Creates the per-camera bookkeeping; feed it every result and the start and end transitions. */
export function createEventPictures(options: EventPicturesOptions) {
  const open = new Map<string, OpenEvent>();
  const latest = new Map<string, MotionResult>();
  const interval = options.peakIntervalMs ?? PEAK_INTERVAL_MS;

  function gray(snapshot: Snapshot | undefined): EventPicture {
    return {
      frame: snapshot,
      colour: false,
      jpeg: async () => (snapshot ? await grayToJpeg(snapshot).catch((error: Error) => (options.log(`motion: ${error.message}`), undefined)) : undefined),
    };
  }

  /** A colour picture of the camera now, with the boxes of the latest motion result; undefined on failure (logged). */
  async function capture(camera: string, boxes: MotionBox[]): Promise<EventPicture | undefined> {
    if (!options.colour) return undefined;
    try {
      const picture = await options.colour.capture(camera);
      const frame: EventFrame = { width: picture.width, height: picture.height, channels: 3, data: picture.rgb, ...(boxes.length > 0 ? { boxes } : {}) };
      return { frame, colour: true, jpeg: async () => picture.jpeg };
    } catch (error) {
      options.log(`motion ${camera}: colour snapshot unavailable (${(error as Error).message}); the gray motion frame is used`);
      return undefined;
    }
  }

  return {
    /** A frame's result: while an event is open, a busier frame than the last capture takes a new one (throttled). */
    result(result: MotionResult): void {
      latest.set(result.camera, result);
      const event = open.get(result.camera);
      const now = Date.now();
      if (!event || !result.moving || result.fraction <= event.captured || now - event.triedAt < interval) return;
      if (options.peaks && !options.peaks(result.camera)) return;
      event.captured = result.fraction;
      event.triedAt = now;
      const previous = event.best;
      // A failed capture keeps the previous one: the busiest picture that could be had.
      event.best = capture(result.camera, boxesOf(result.boxes)).then(async (picture) => picture ?? (await previous));
    },

    /** The start's picture: colour now, else the gray snapshot. Registers the event synchronously. */
    start(transition: MotionTransition, snapshot?: Snapshot): Promise<EventPicture> {
      const { camera, id } = transition.event;
      const last = latest.get(camera);
      const best = capture(camera, last ? boxesOf(last.boxes) : []);
      open.set(camera, { id, captured: last?.fraction ?? 0, triedAt: Date.now(), best });
      return best.then((picture) => picture ?? gray(snapshot));
    },

    /** The end's picture: the event's busiest colour capture, else the gray peak frame. */
    async end(transition: MotionTransition, snapshot?: Snapshot): Promise<EventPicture> {
      const event = open.get(transition.event.camera);
      if (event?.id !== transition.event.id) return gray(snapshot);
      open.delete(transition.event.camera);
      return (await event.best) ?? gray(snapshot);
    },
  };
}
