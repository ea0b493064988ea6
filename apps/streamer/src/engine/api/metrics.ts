/**
 * Prometheus metrics of the engine, read from the cameras at scrape time (nothing is counted on
 * the media path). A registry per engine, so several engines in one process (tests) stay apart.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { CameraState } from '@vigil/shared/config';
import type { CameraStats } from '@vigil/shared/api';

/** A camera's object detection counters (see detection/service.ts `cameraStats`). */
export interface DetectionCounters {
  inferences: number;
  dropped: number;
  lastInferenceMs?: number;
  labels: Readonly<Record<string, number>>;
}

interface Source {
  states(): CameraState[];
  stats(id: string): CameraStats | undefined;
  sessions(): number;
  /** Detection counters per camera id; absent: no detector in this engine. */
  detection?(): ReadonlyMap<string, Readonly<DetectionCounters>>;
}

/** Creates the engine's metrics registry over `source`. */
export function createEngineMetrics(source: Source) {
  const registry = new Registry();
  const labelNames = ['camera'] as const;
  const gauge = (name: string, help: string, read: (s: CameraStats, st: CameraState) => number) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const state of source.states()) {
          const stats = source.stats(state.id);
          if (stats) this.set({ camera: state.id }, read(stats, state));
        }
      },
    });
  gauge('vigil_camera_up', '1 when the camera is live', (_s, st) => (st.state === 'live' ? 1 : 0));
  gauge('vigil_camera_fps', 'Frames per second received from the camera', (s) => s.fps);
  gauge('vigil_camera_bitrate_kbps', 'Video bitrate received from the camera, kbit/s', (s) => s.bitrateKbps);
  gauge('vigil_camera_viewers', 'Live viewer sessions of the camera', (s) => s.viewers);
  gauge('vigil_camera_restarts_total', 'Times the camera pipeline was restarted', (s) => s.restarts);
  new Gauge({
    name: 'vigil_camera_last_error_info',
    help: 'The reason the camera last failed, as a label',
    labelNames: ['camera', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const st of source.states()) if (st.reason) this.set({ camera: st.id, reason: st.reason }, 1);
    },
  });
  new Gauge({
    name: 'vigil_live_sessions',
    help: 'Live viewer sessions on this engine',
    registers: [registry],
    collect() {
      this.set(source.sessions());
    },
  });
  addDetectionMetrics(registry, source.detection);
  return {
    /** The exposition text and its content type. */
    async scrape(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** Detection counters per camera, read from the detection service at scrape time. */
function addDetectionMetrics(registry: Registry, read: Source['detection']): void {
  if (!read) return;
  const counter = (name: string, help: string, value: (c: DetectionCounters) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['camera'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [camera, counts] of read()) this.inc({ camera }, value(counts));
      },
    });
  counter('vigil_detection_inferences_total', 'Object detector runs (a frame or a crop each)', (c) => c.inferences);
  counter('vigil_detection_dropped_total', 'Motion events not analysed because the detector was busy', (c) => c.dropped);
  new Gauge({
    name: 'vigil_detection_last_inference_ms',
    help: 'Milliseconds per inference of the last analysed frame',
    labelNames: ['camera'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [camera, counts] of read()) if (counts.lastInferenceMs !== undefined) this.set({ camera }, counts.lastInferenceMs);
    },
  });
  new Counter({
    name: 'vigil_detection_labels_total',
    help: 'Analysed frames in which the detector found the label',
    labelNames: ['camera', 'label'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [camera, counts] of read()) for (const [label, n] of Object.entries(counts.labels)) this.inc({ camera, label }, n);
    },
  });
}
