import { describe, expect, it } from 'vitest';
import { CameraConfig } from '../config/camera.ts';
import { DetectionConfig, EventLabels, LabelledMotionEvent, pointInPolygon, readLabelsMessage } from './index.ts';

const result = { camera: 'porch', event: 'porch-1', labels: [{ label: 'person', score: 0.62, box: [0.1, 0.2, 0.3, 0.9] }], inferences: 2, ms: 640, stage: 'start' };

describe('detection contracts', () => {
  it('labels are normalised boxes; events may carry them', () => {
    expect(EventLabels.parse({})).toEqual({});
    expect(EventLabels.safeParse({ labels: [{ label: 'person', score: 0.5, box: [0, 0, 1.2, 1] }] }).success).toBe(false);
    const event = { id: 'e', camera: 'c', zones: [], start: 1, peakArea: 0.1, boxes: [], snapshotFrame: 0, preRollMs: 0, postRollMs: 0 };
    expect(LabelledMotionEvent.parse({ ...event, labels: result.labels })).toMatchObject({ labels: result.labels });
  });

  it('a camera config takes a detection block with documented defaults', () => {
    expect(DetectionConfig.parse({})).toEqual({ enabled: true, labels: ['person', 'vehicle', 'bicycle', 'animal'], minScore: 0.35 });
    expect(DetectionConfig.safeParse({ labels: ['unicorn'] }).success).toBe(false);
    expect(DetectionConfig.parse({ minScores: { animal: 0.5 } }).minScores).toEqual({ animal: 0.5 });
    expect(DetectionConfig.safeParse({ minScores: { unicorn: 0.5 } }).success).toBe(false);
    const camera = CameraConfig.parse({ id: 'porch', name: 'Porch', source: { kind: 'test-pattern' }, detection: { labels: ['person'] } });
    expect(camera.detection).toMatchObject({ labels: ['person'], minScore: 0.35 });
  });

  it('reads motion-labels messages defensively', () => {
    expect(readLabelsMessage(JSON.stringify({ type: 'motion-labels', ...result }))).toEqual(result);
    for (const bad of ['nope', 'null', JSON.stringify({ ...result, type: 'motion-boxes' }), JSON.stringify({ type: 'motion-labels', ...result, labels: [{ label: 'person', score: 2, box: [0, 0, 1, 1] }] })]) {
      expect(readLabelsMessage(bad)).toBeUndefined();
    }
  });

  it('point in polygon (the object stands where its feet are)', () => {
    const square = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8]] as const;
    expect(pointInPolygon([0.5, 0.5], square)).toBe(true);
    expect(pointInPolygon([0.9, 0.5], square)).toBe(false);
  });
});
