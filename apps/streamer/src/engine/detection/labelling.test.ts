import { describe, expect, it } from 'vitest';
import { COCO_CLASSES, labelOfClass } from '@vigil/shared/detection';
import type { Detection } from './centernet.ts';
import { iou, mergeLabels, regionsFor, toLabels } from './labelling.ts';

const cls = (name: string) => COCO_CLASSES.indexOf(name as (typeof COCO_CLASSES)[number]);
const det = (name: string, score: number, box: Detection['box']): Detection => ({ classIndex: cls(name), score, box });
const filter = { labels: ['person', 'vehicle', 'animal'], minScore: 0.35 };

describe('labels from detections', () => {
  it('maps COCO classes to user-facing groups and ignores scenery', () => {
    expect(labelOfClass(cls('person'))).toBe('person');
    expect(labelOfClass(cls('truck'))).toBe('vehicle');
    expect(labelOfClass(cls('cat'))).toBe('animal');
    expect(labelOfClass(cls('chair'))).toBeUndefined();
    expect(labelOfClass(999)).toBeUndefined();
  });

  it('keeps wanted labels above the minimum score, one per object, best first', () => {
    const labels = toLabels(
      [det('person', 0.5, [0.1, 0.1, 0.3, 0.9]), det('person', 0.7, [0.11, 0.12, 0.31, 0.88]), det('car', 0.3, [0.5, 0.5, 0.9, 0.9]), det('cup', 0.9, [0, 0, 0.1, 0.1]), det('truck', 0.6, [0.5, 0.5, 0.9, 0.9])],
      filter,
    );
    expect(labels.map((l) => [l.label, l.score])).toEqual([['person', 0.7], ['vehicle', 0.6]]);
    expect(toLabels([det('truck', 0.6, [0.5, 0.5, 0.9, 0.9])], { ...filter, labels: ['person'] })).toEqual([]);
    // A per-label minimum overrides the camera's.
    const cat = det('cat', 0.43, [0.2, 0.2, 0.6, 0.6]);
    expect(toLabels([cat], filter)).toHaveLength(1);
    expect(toLabels([cat], { ...filter, minScores: { animal: 0.5 } })).toEqual([]);
  });

  it('keeps only objects where something moved, and says which zone each stands in', () => {
    const parked = det('car', 0.8, [0.6, 0.6, 0.95, 0.9]);
    const walker = det('person', 0.6, [0.1, 0.2, 0.2, 0.7]);
    const motion = [{ x: 0.12, y: 0.3, w: 0.06, h: 0.3 }];
    const zones = [{ id: 'drive', polygon: [[0, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]] as [number, number][] }];
    const labels = toLabels([parked, walker], { ...filter, motion, zones });
    expect(labels).toEqual([{ label: 'person', score: 0.6, box: [0.1, 0.2, 0.2, 0.7], zones: ['drive'] }]);
    // Feet outside the zone: the person is not in it.
    expect(mergeLabels([{ label: 'person', score: 0.6, box: [0.1, 0.1, 0.2, 0.4] }], zones)[0]!.zones).toEqual([]);
  });

  it('IoU and regions: a crop around small motion, none around large motion', () => {
    expect(iou([0, 0, 1, 1], [0, 0, 0.5, 1])).toBeCloseTo(0.5);
    expect(iou([0, 0, 0.1, 0.1], [0.5, 0.5, 1, 1])).toBe(0);
    expect(regionsFor([], 320, 180)).toEqual([{ x: 0, y: 0, w: 1, h: 1 }]);
    expect(regionsFor([{ x: 0, y: 0, w: 0.9, h: 0.9 }], 320, 180)).toHaveLength(1);
    const [, crop] = regionsFor([{ x: 0.45, y: 0.4, w: 0.05, h: 0.2 }], 320, 180);
    // A square in pixels that contains the motion, inside the frame.
    expect(crop!.w * 320).toBeCloseTo(crop!.h * 180);
    expect(crop!.x).toBeLessThanOrEqual(0.45);
    expect(crop!.x + crop!.w).toBeGreaterThanOrEqual(0.5);
    expect(crop!.y + crop!.h).toBeLessThanOrEqual(1);
  });
});
