/**
 * Which segments to delete, as a pure function of what is on disk: by age, then by each
 * camera's quota, then by the total quota, then by the free-space guard. Within each step the
 * oldest go first, and segments without an event go before segments with one, so event footage
 * outlives routine footage.
 */
import type { DeleteReason } from '@vigil/shared/recording';

/** A recorded segment as retention sees it. */
export interface RetainedSegment {
  camera: string;
  file: string;
  start: number;
  end: number;
  bytes: number;
  /** Overlaps a motion event. */
  event: boolean;
}

/** One camera's limits, already in ms and bytes. */
export interface CameraLimits {
  maxAgeMs: number;
  maxEventAgeMs: number;
  /** 0: no per-camera quota. */
  quotaBytes: number;
}

/** What retention needs to know. */
export interface RetentionInput {
  segments: RetainedSegment[];
  limits: Map<string, CameraLimits>;
  /** 0: no total quota. */
  totalQuotaBytes: number;
  /** Bytes the disk must keep free, and what it has now (undefined: unknown, guard skipped). */
  minFreeBytes: number;
  freeBytes?: number;
  now: number;
}

/** A planned deletion. */
export interface Eviction {
  camera: string;
  file: string;
  bytes: number;
  reason: DeleteReason;
}

/** Eviction order: segments without events first, then oldest first. */
function evictionOrder(a: RetainedSegment, b: RetainedSegment): number {
  return Number(a.event) - Number(b.event) || a.start - b.start || (a.file < b.file ? -1 : 1);
}

/** Plans deletions; the input is not changed. */
export function planRetention(input: RetentionInput): Eviction[] {
  const evictions: Eviction[] = [];
  const gone = new Set<string>();
  const evict = (segment: RetainedSegment, reason: DeleteReason) => {
    gone.add(segment.file);
    evictions.push({ camera: segment.camera, file: segment.file, bytes: segment.bytes, reason });
  };
  const alive = () => input.segments.filter((segment) => !gone.has(segment.file));

  for (const segment of input.segments) {
    const limits = input.limits.get(segment.camera);
    if (!limits) continue;
    const maxAge = segment.event ? Math.max(limits.maxEventAgeMs, limits.maxAgeMs) : limits.maxAgeMs;
    if (input.now - segment.end > maxAge) evict(segment, 'age');
  }

  for (const [camera, limits] of input.limits) {
    if (limits.quotaBytes <= 0) continue;
    const mine = alive().filter((segment) => segment.camera === camera).sort(evictionOrder);
    let used = mine.reduce((sum, segment) => sum + segment.bytes, 0);
    for (const segment of mine) {
      if (used <= limits.quotaBytes) break;
      evict(segment, 'camera-quota');
      used -= segment.bytes;
    }
  }

  if (input.totalQuotaBytes > 0) {
    const all = alive().sort(evictionOrder);
    let used = all.reduce((sum, segment) => sum + segment.bytes, 0);
    for (const segment of all) {
      if (used <= input.totalQuotaBytes) break;
      evict(segment, 'total-quota');
      used -= segment.bytes;
    }
  }

  if (input.freeBytes !== undefined && input.freeBytes < input.minFreeBytes) {
    let missing = input.minFreeBytes - input.freeBytes;
    // Freed space is only counted for segments not already planned above.
    missing -= evictions.reduce((sum, eviction) => sum + eviction.bytes, 0);
    for (const segment of alive().sort(evictionOrder)) {
      if (missing <= 0) break;
      evict(segment, 'free-space');
      missing -= segment.bytes;
    }
  }
  return evictions;
}
