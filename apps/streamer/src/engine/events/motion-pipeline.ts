/**
 * A camera's motion from its ffmpeg to everything that acts on it, wired once: the motion
 * workers (motion-service.ts) feed the bus (motion-bus.ts), which draws overlays for the
 * camera's watchers, asks the detector for labels and raises the alert; every transition is
 * published on the event hub, where the recorder marks it and the control API streams it.
 *
 *   ffmpeg motion output ─► worker ─► bus ─┬─► overlays (catalog.sessionsOf)
 *                                          ├─► detection ─► hub: detection, motion-labelled
 *                                          ├─► alerts.raise (camera and zone names from the catalog)
 *                                          └─► hub: motion ─► recorder mark, control API
 */
import type { MotionTransition } from '@vigil/shared/motion';
import { alertEventFromMotion, type AlertService } from '../alerts/index.ts';
import type { CameraCatalog } from '../camera/catalog.ts';
import { createDetectionService, type DetectionServiceOptions } from '../detection/service.ts';
import { createColourSnapshots, type DecodeOptions } from './colour-snapshot.ts';
import type { EventHub } from './hub.ts';
import { createMotionBus } from './motion-bus.ts';
import { createMotionService } from './motion-service.ts';

export interface MotionPipelineOptions {
  hub: EventHub;
  catalog: CameraCatalog;
  alerts: Pick<AlertService, 'raise'>;
  /** Object detection runtime: backends, queue bound, how long alerts wait (see detection/service.ts). */
  detection?: Omit<DetectionServiceOptions, 'cameraOf' | 'publish' | 'onDrop'>;
  /** Colour event snapshots from the live feed's GOP (see colour-snapshot.ts). */
  snapshots?: Omit<DecodeOptions, 'ffmpeg'>;
  /** The ffmpeg that decodes colour snapshots; default the one on PATH. */
  ffmpegPath?: string;
}

/** Creates the pipeline; pass `hook` to the camera manager and call `sync` after camera changes. */
export function createMotionPipeline(options: MotionPipelineOptions) {
  const { hub, catalog } = options;
  // Object detection labels motion events (cameras with a `detection` block); its thread starts
  // on the first such event. Results reach the API, live viewers and the recorder's event list.
  const detection = createDetectionService({
    ...options.detection,
    cameraOf: (id) => {
      const camera = catalog.config(id);
      return camera && { detection: camera.detection, zones: camera.motion?.zones };
    },
    publish: (result, event) => {
      hub.publish({ type: 'detection', result });
      for (const session of catalog.sessionsOf(result.camera)) session.sendEvent({ type: 'motion-labels', ...result });
      hub.publish({ type: 'motion-labelled', transition: { type: 'update', event } });
    },
    onDrop: (drop) => hub.publish({ type: 'detection-dropped', ...drop }),
  });
  const bus = createMotionBus({
    sessionsOf: (camera) => catalog.sessionsOf(camera),
    onTransition: (transition) => hub.publish({ type: 'motion', transition }),
    detect: (t, snapshot) => detection.analyse(t, snapshot),
    // Colour snapshots (alerts, detector) from the camera's GOP cache; gray motion frame on failure.
    colour: createColourSnapshots({ ...options.snapshots, ffmpeg: options.ffmpegPath, gopOf: (id) => catalog.cachedGop(id) }),
    // Busier pictures during an event only feed the detector: no decodes for cameras without it.
    peaks: (id) => catalog.config(id)?.detection?.enabled === true,
    raise: (t, jpeg, labels) => options.alerts.raise({ ...alertFor(t, jpeg), ...(labels ? { labels } : {}) }),
  });
  const motion = createMotionService(bus);

  /** The alert of a transition: the camera's and zones' names from the catalog, the snapshot. */
  function alertFor(t: MotionTransition, jpeg: Buffer | undefined) {
    const camera = catalog.config(t.event.camera);
    const zoneNames = Object.fromEntries((camera?.motion?.zones ?? []).map((z) => [z.id, z.name]));
    return alertEventFromMotion(t.event, { cameraName: camera?.name ?? t.event.camera, zoneNames, snapshot: jpeg });
  }

  return {
    /** The camera manager's motion hook (frame size per camera, stdout of each spawn). */
    hook: motion.hook,
    /** Stops the workers of cameras that are gone or have motion off. */
    sync: () => motion.sync(catalog.configs()),
    detection,
    /**
     * The motion workers flush their events, the detector stops (what waits on it goes on
     * unconfirmed), then the bus lets those alerts reach the outbox.
     */
    async stop(): Promise<void> {
      await motion.stop();
      await detection.stop();
      await bus.drain();
    },
  };
}
export type MotionPipeline = ReturnType<typeof createMotionPipeline>;
