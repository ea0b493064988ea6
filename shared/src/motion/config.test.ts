import { describe, expect, it } from 'vitest';
import { MotionConfig, MotionEvent, MotionZone } from './index.ts';

const square = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('motion schemas', () => {
  it('fills documented defaults', () => {
    const c = MotionConfig.parse({});
    expect(c).toMatchObject({ enabled: true, width: 320, fps: 8, zones: [], masks: [], sensitivity: 0.5, startFrames: 3, endQuietSeconds: 5 });
    expect(MotionZone.parse({ id: 'door', name: 'Door', polygon: square })).toMatchObject({ sensitivity: 0.5, minArea: 0.001 });
  });

  it('rejects points outside [0,1]², degenerate polygons, duplicate ids and too many zones', () => {
    expect(MotionZone.safeParse({ id: 'a', name: 'A', polygon: [[0, 0], [1.2, 0], [1, 1]] }).success).toBe(false);
    expect(MotionZone.safeParse({ id: 'a', name: 'A', polygon: [[0, 0], [1, 1]] }).success).toBe(false);
    const zone = (id: string) => ({ id, name: id, polygon: square });
    expect(MotionConfig.safeParse({ zones: [zone('a'), zone('a')] }).success).toBe(false);
    expect(MotionConfig.safeParse({ zones: Array.from({ length: 9 }, (_, i) => zone(`z${i}`)) }).success).toBe(false);
  });

  it('accepts an event as the detector emits it', () => {
    const event = { id: 'cam-1', camera: 'cam', zones: [], start: 1, peakArea: 0.02, boxes: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.3 }], snapshotFrame: 4, preRollMs: 5000, postRollMs: 10000 };
    expect(MotionEvent.parse(event)).toEqual(event);
  });
});
