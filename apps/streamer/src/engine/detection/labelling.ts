/**
 * From the model's raw detections to an event's labels: user-facing groups only, above the
 * camera's minimum score, overlapping what moved (a parked car does not label every event), the
 * same object seen in several frames or regions kept once, at its best score.
 */
import { labelOfClass, MAX_EVENT_LABELS, zonesOfLabel, type ZonedLabel } from '@vigil/shared/detection';
import type { MotionBox } from '@vigil/shared/motion';
import type { Detection } from './centernet.ts';
import type { Region } from './raster.ts';

/** Smallest overlap with a motion box, as a fraction of the smaller box, for a label to count. */
export const MIN_MOTION_OVERLAP = 0.2;
/** Two boxes of one label overlapping more than this (IoU) are the same object. */
export const SAME_OBJECT_IOU = 0.45;
/** A crop is worth a second inference only when what moved covers less than this of the frame. */
export const CROP_MAX_AREA = 0.35;

type Box = readonly [number, number, number, number];

export interface LabelFilter {
  labels: readonly string[];
  minScore: number;
  /** Per-label overrides of minScore. */
  minScores?: Readonly<Partial<Record<string, number>>>;
  /** What moved in the frame; none: every detection counts. */
  motion?: readonly MotionBox[];
  /** The camera's zones, to tell which ones each object stands in. */
  zones?: ReadonlyArray<{ id: string; polygon: ReadonlyArray<readonly [number, number]> }>;
}

function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

function intersection(a: Box, b: Box): number {
  return area([Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])]);
}

/** Intersection over union of two [x1, y1, x2, y2] boxes. */
export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  return i === 0 ? 0 : i / (area(a) + area(b) - i);
}

function overlapsMotion(box: Box, motion: readonly MotionBox[]): boolean {
  return motion.some((m) => {
    const mb: Box = [m.x, m.y, m.x + m.w, m.y + m.h];
    const smaller = Math.min(area(box), area(mb));
    return smaller > 0 && intersection(box, mb) / smaller >= MIN_MOTION_OVERLAP;
  });
}

/** Labels from raw detections (of any number of frames and regions), best first. */
export function toLabels(detections: readonly Detection[], filter: LabelFilter): ZonedLabel[] {
  const candidates: ZonedLabel[] = [];
  for (const d of detections) {
    const label = labelOfClass(d.classIndex);
    if (!label || !filter.labels.includes(label) || d.score < (filter.minScores?.[label] ?? filter.minScore)) continue;
    if (filter.motion && filter.motion.length > 0 && !overlapsMotion(d.box, filter.motion)) continue;
    candidates.push({ label, score: Math.round(d.score * 1000) / 1000, box: d.box.map((v) => Math.round(v * 10000) / 10000) as ZonedLabel['box'] });
  }
  return mergeLabels(candidates, filter.zones);
}

/** Keeps one label per object (highest score), best first, at most MAX_EVENT_LABELS. */
export function mergeLabels(labels: readonly ZonedLabel[], zones?: LabelFilter['zones']): ZonedLabel[] {
  const kept: ZonedLabel[] = [];
  for (const label of [...labels].sort((a, b) => b.score - a.score)) {
    if (kept.some((k) => k.label === label.label && iou(k.box, label.box) > SAME_OBJECT_IOU)) continue;
    const { zones: _old, ...plain } = label;
    kept.push(zones && zones.length > 0 ? { ...plain, zones: zonesOfLabel(plain, zones) } : plain);
    if (kept.length === MAX_EVENT_LABELS) break;
  }
  return kept;
}

/**
 * The regions to run the model on for one frame: always the whole frame; and, when what moved is
 * small, a square crop around it (50 % margin), so a distant person fills more of the model's input.
 */
export function regionsFor(motion: readonly MotionBox[], width: number, height: number): Region[] {
  const regions: Region[] = [{ x: 0, y: 0, w: 1, h: 1 }];
  if (motion.length === 0) return regions;
  const x1 = Math.min(...motion.map((m) => m.x)), y1 = Math.min(...motion.map((m) => m.y));
  const x2 = Math.max(...motion.map((m) => m.x + m.w)), y2 = Math.max(...motion.map((m) => m.y + m.h));
  if ((x2 - x1) * (y2 - y1) >= CROP_MAX_AREA) return regions;
  // A square in pixels, 1.5× the moving area's longer side, at least a quarter of the frame's height.
  const side = Math.min(Math.min(width, height), Math.max(1.5 * Math.max((x2 - x1) * width, (y2 - y1) * height), height / 4));
  const cx = ((x1 + x2) / 2) * width, cy = ((y1 + y2) / 2) * height;
  const left = Math.min(width - side, Math.max(0, cx - side / 2)), top = Math.min(height - side, Math.max(0, cy - side / 2));
  regions.push({ x: left / width, y: top / height, w: side / width, h: side / height });
  return regions;
}
