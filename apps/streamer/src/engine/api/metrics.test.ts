import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MotionEvent } from '@vigil/shared/motion';
import { decodeImage, toGray } from '../detection/decode.ts';
import { createDetectionService } from '../detection/service.ts';
import { createEngineMetrics, type DetectionCounters } from './metrics.ts';

const PERSON = join(import.meta.dirname, '../../../../../tests/fixtures/detection/person-webcam.jpg');

const camera = { id: 'porch', state: 'live' } as const;
const stats = { fps: 15, bitrateKbps: 800, viewers: 1, restarts: 0 };

function metricsWith(detection?: Map<string, DetectionCounters>) {
  return createEngineMetrics({
    states: () => [camera as never],
    stats: () => stats as never,
    sessions: () => 1,
    ...(detection ? { detection: () => detection } : {}),
  });
}

describe('engine metrics', () => {
  it('exposes per-camera detection counters read at scrape time', async () => {
    const counts = new Map<string, DetectionCounters>([['porch', { inferences: 4, dropped: 1, lastInferenceMs: 310, labels: { person: 2 } }]]);
    const metrics = metricsWith(counts);
    let { body } = await metrics.scrape();
    expect(body).toContain('vigil_detection_inferences_total{camera="porch"} 4');
    expect(body).toContain('vigil_detection_dropped_total{camera="porch"} 1');
    expect(body).toContain('vigil_detection_last_inference_ms{camera="porch"} 310');
    expect(body).toContain('vigil_detection_labels_total{camera="porch",label="person"} 2');
    expect(body).toContain('vigil_camera_fps{camera="porch"} 15');

    // A later scrape shows the counters as they are now, not added to the previous values.
    counts.set('porch', { inferences: 6, dropped: 1, lastInferenceMs: 280, labels: { person: 3, vehicle: 1 } });
    ({ body } = await metrics.scrape());
    expect(body).toContain('vigil_detection_inferences_total{camera="porch"} 6');
    expect(body).toContain('vigil_detection_last_inference_ms{camera="porch"} 280');
    expect(body).toContain('vigil_detection_labels_total{camera="porch",label="vehicle"} 1');
  });

  it('has no detection series before any inference, or without a detector', async () => {
    const fresh = await metricsWith(new Map([['porch', { inferences: 0, dropped: 2, labels: {} }]])).scrape();
    expect(fresh.body).toContain('vigil_detection_dropped_total{camera="porch"} 2');
    expect(fresh.body).not.toMatch(/vigil_detection_last_inference_ms\{/);
    expect((await metricsWith().scrape()).body).not.toContain('vigil_detection_');
  });
});

describe('engine metrics over the real detection service', () => {
  const detection = createDetectionService({ backends: ['wasm', 'cpu'], maxPending: 1, cameraOf: () => ({ detection: { labels: ['person'] } }), alertWaitMs: 60_000, log: () => undefined });
  afterAll(() => detection.stop());
  let n = 0;
  const start = (): { type: 'start'; event: MotionEvent } => ({
    type: 'start',
    event: { id: `porch-${++n}`, camera: 'porch', zones: [], start: 1000, peakArea: 0.5, boxes: [{ x: 0.05, y: 0.05, w: 0.9, h: 0.9 }], snapshotFrame: 0, preRollMs: 0, postRollMs: 0 },
  });

  it('counts inferences, their time, the persons found and the jobs dropped while busy', async () => {
    const snapshot = toGray(await decodeImage(PERSON));
    await detection.warmUp();
    // One job at a time: of three at once, the two behind the first are dropped.
    const answers = await Promise.all([0, 1, 2].map(() => detection.analyse(start(), snapshot)));
    expect(answers.filter((a) => a === undefined)).toHaveLength(2);
    const metrics = createEngineMetrics({ states: () => [], stats: () => undefined, sessions: () => 0, detection: () => detection.cameraStats() });
    const { body } = await metrics.scrape();
    expect(body).toMatch(/vigil_detection_inferences_total\{camera="porch"\} [1-9]/);
    expect(body).toContain('vigil_detection_dropped_total{camera="porch"} 2');
    expect(body).toContain('vigil_detection_labels_total{camera="porch",label="person"} 1');
    const ms = Number(/vigil_detection_last_inference_ms\{camera="porch"\} (\d+)/.exec(body)?.[1]);
    expect(ms).toBeGreaterThan(0);
  }, 60_000);
});
