/**
 * Object detection for motion events: on an event's start and on its end, the detector looks at
 * the event's busiest frame (the whole frame, plus a crop when what moved is small), and the
 * event is labelled with what it found where things moved.
 *
 *   motion start ─► snapshot ─► worker (full frame + crop) ─► labels ─► alert decision
 *   motion end   ─► busiest frame ─► worker ─► more labels ─► late alert if a rule now matches
 *                                   every result ─► publish (control API, viewers, timeline)
 *
 * Alerts wait for the start result at most `alertWaitMs`; past that, or when the worker is busy
 * or failed, the event goes to the rules unconfirmed (`labels` absent) and each rule's
 * `unconfirmed` policy decides. The result still arrives and is published when it is ready.
 */
import type { DetectionConfig, DetectionConfigInput, DetectionLabel, DetectionResult, LabelledMotionEvent, ZonedLabel } from '@vigil/shared/detection';
import { DetectionConfig as DetectionConfigSchema } from '@vigil/shared/detection';
import type { MotionBox, MotionTransition, MotionZone } from '@vigil/shared/motion';
import type { Snapshot } from '../motion/index.ts';
import { DetectionWorker, type DetectionStats, type DetectionWorkerOptions } from './detection-worker.ts';
import { mergeLabels, regionsFor, toLabels } from './labelling.ts';

/**
 * A picture of an event for the detector: the motion output's gray snapshot (channels absent or
 * 1, the event's peak boxes apply) or a colour picture from the live feed (channels 3, bigger),
 * with the boxes of what moved when it was taken. Boxes are normalised, so they fit any size.
 */
export interface EventFrame extends Snapshot {
  channels?: 1 | 3;
  boxes?: readonly MotionBox[];
}

/** What the service needs to know about a camera; undefined detection: off for that camera. */
export interface CameraDetection {
  detection?: DetectionConfigInput;
  zones?: readonly MotionZone[];
}

export interface DetectionServiceOptions extends DetectionWorkerOptions {
  cameraOf(camera: string): CameraDetection | undefined;
  /** Told of every result with the event as now labelled (control API, viewers, recorder). */
  publish?(result: DetectionResult, event: LabelledMotionEvent): void;
  /** Told when an event was not analysed because the detector was busy (with the total so far). */
  onDrop?(drop: { camera: string; event: string; dropped: number }): void;
  /**
   * Longest an alert waits for the detector's answer. Default 5 s: wasm takes 0.3-1 s per
   * inference on a small CPU, twice for a crop, and the alert path's own budget is about 2 s.
   */
  alertWaitMs?: number;
  /** Events whose labels are remembered (for update and end transitions). Default 256. */
  maxEvents?: number;
  log?(message: string): void;
}

/** Per-camera counters since the engine started (for /metrics). */
export interface CameraDetectionStats {
  /** Detector runs (a frame or a crop each). */
  inferences: number;
  /** Jobs dropped because the detector was busy. */
  dropped: number;
  /** Milliseconds per inference of the last analysed frame; undefined before the first. */
  lastInferenceMs?: number;
  /** Labels found, counted once per analysed frame that had them. */
  labels: Record<string, number>;
}

/** Creates the service; the worker thread starts on the first event of a camera with detection on. */
export function createDetectionService(options: DetectionServiceOptions) {
  const worker = new DetectionWorker(options);
  const known = new Map<string, ZonedLabel[]>();
  // Answers being waited for, per event: an update transition joins the wait.
  const waiting = new Map<string, Promise<ZonedLabel[] | undefined>>();
  const log = options.log ?? ((m: string) => console.warn(m));
  const waitMs = options.alertWaitMs ?? 5000;
  let timeouts = 0;
  let stopped = false;
  const perCamera = new Map<string, CameraDetectionStats>();
  const countsOf = (camera: string): CameraDetectionStats => {
    let counts = perCamera.get(camera);
    if (!counts) perCamera.set(camera, (counts = { inferences: 0, dropped: 0, labels: {} }));
    return counts;
  };

  function remember(id: string, labels: ZonedLabel[]): void {
    known.delete(id);
    known.set(id, labels);
    if (known.size > (options.maxEvents ?? 256)) known.delete(known.keys().next().value!);
  }

  async function run(transition: MotionTransition, snapshot: EventFrame, config: DetectionConfig, zones?: readonly MotionZone[]): Promise<ZonedLabel[] | undefined> {
    const { event } = transition;
    const raster = { width: snapshot.width, height: snapshot.height, channels: snapshot.channels ?? 1, data: snapshot.data };
    const motion = snapshot.boxes && snapshot.boxes.length > 0 ? snapshot.boxes : event.boxes;
    const outcome = await worker.detect(raster, regionsFor(motion, snapshot.width, snapshot.height));
    if (outcome.status !== 'done') {
      if (stopped) return undefined;
      if (outcome.status === 'busy') {
        countsOf(event.camera).dropped++;
        options.onDrop?.({ camera: event.camera, event: event.id, dropped: worker.stats.dropped });
      }
      log(outcome.status === 'busy'
        ? `detection ${event.camera}: detector busy, event ${event.id} (${transition.type}) not analysed (${worker.stats.dropped} dropped so far)`
        : `detection ${event.camera}: ${outcome.message}`);
      return undefined;
    }
    const found = toLabels(outcome.detections, { labels: config.labels, minScore: config.minScore, minScores: config.minScores, motion, zones });
    const counts = countsOf(event.camera);
    counts.inferences += outcome.inferences;
    if (outcome.inferences > 0) counts.lastInferenceMs = Math.round(outcome.ms / outcome.inferences);
    for (const label of new Set(found.map((l) => l.label))) counts.labels[label] = (counts.labels[label] ?? 0) + 1;
    const labels = mergeLabels([...(known.get(event.id) ?? []), ...found], zones);
    remember(event.id, labels);
    const plain: DetectionLabel[] = labels.map(({ label, score, box }) => ({ label, score, box }));
    const stage = transition.type === 'end' ? 'end' : 'start';
    options.publish?.({ camera: event.camera, event: event.id, labels: plain, inferences: outcome.inferences, ms: Math.round(outcome.ms), stage }, { ...event, labels: plain });
    return labels;
  }

  return {
    /**
     * Labels for a transition, waiting at most `alertWaitMs`: the event's labels so far (with the
     * zones each object stands in), or undefined when it was not analysed (detection off for the
     * camera, detector busy, failed or slower than the wait).
     */
    async analyse(transition: MotionTransition, snapshot?: EventFrame): Promise<ZonedLabel[] | undefined> {
      const camera = options.cameraOf(transition.event.camera);
      if (stopped || !camera?.detection) return undefined;
      const config = DetectionConfigSchema.parse(camera.detection);
      if (!config.enabled) return undefined;
      const { id } = transition.event;
      // An update (late zones) while the start is analysed waits for that answer, not a new one.
      if (transition.type === 'update' || !snapshot) return waiting.get(id) ?? known.get(id);
      const result = run(transition, snapshot, config, camera.zones).catch((error: Error) => (log(`detection: ${error.message}`), undefined));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, waitMs, 'timeout')));
      const answer = Promise.race([result, timeout]).then((first) => {
        clearTimeout(timer);
        if (first !== 'timeout') return first;
        timeouts++;
        log(`detection ${transition.event.camera}: no result within ${waitMs} ms for event ${id}; alert rules see it unconfirmed`);
        return undefined;
      });
      waiting.set(id, answer);
      try {
        return await answer;
      } finally {
        if (waiting.get(id) === answer) waiting.delete(id);
      }
    },

    /** The labels an event has so far. */
    labelsOf: (id: string): ZonedLabel[] | undefined => known.get(id),

    /** Worker counters, plus alerts that stopped waiting. */
    stats: (): DetectionStats & { timeouts: number } => ({ ...worker.stats, timeouts }),

    /** Per-camera counters (cameras that had at least one event analysed or dropped). */
    cameraStats: (): ReadonlyMap<string, Readonly<CameraDetectionStats>> => perCamera,

    /** Starts the worker now instead of on the first event (tests and benchmarks). */
    warmUp: () => worker.start(),

    async stop(): Promise<void> {
      stopped = true;
      await worker.stop();
    },
  };
}
export type DetectionService = ReturnType<typeof createDetectionService>;
