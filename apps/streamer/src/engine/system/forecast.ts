/**
 * When the recordings fill up, at the recent write rate (pure; the engine feeds it the segment
 * lists, limits and disk figures). A camera whose age retention deletes footage before its quota
 * is reached never fills: its steady size is retentionDays × rate.
 */
import type { CameraStorage, StorageView } from '@vigil/shared/api';

/** The write rate is measured over the segments that ended in this window. Default 1 hour. */
export const RATE_WINDOW_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** One camera's input: its segments (start, end, bytes) and limits. */
export interface CameraInput {
  camera: string;
  segments: readonly { start: number; end: number; bytes: number }[];
  quotaBytes: number;
  retentionDays: number;
  recording: boolean;
}

/** Bytes per day written over the last `windowMs` of segments (0 when none ended in it). */
export function writeRate(segments: CameraInput['segments'], now: number, windowMs = RATE_WINDOW_MS): number {
  const recent = segments.filter((s) => s.end > now - windowMs);
  if (recent.length === 0) return 0;
  const from = Math.max(now - windowMs, Math.min(...recent.map((s) => s.start)));
  const to = Math.max(...recent.map((s) => s.end));
  const bytes = recent.reduce((sum, s) => sum + s.bytes, 0);
  return to > from ? (bytes / (to - from)) * DAY_MS : 0;
}

/** Days until `used` reaches `limit` at `perDay`; undefined when it never does. */
function daysUntil(limit: number, used: number, perDay: number, retentionDays = Infinity): number | undefined {
  if (limit <= 0 || perDay <= 0) return undefined;
  if (retentionDays * perDay < limit) return undefined; // age retention keeps it below the limit
  return Math.max(0, (limit - used) / perDay);
}

/** The storage view with its forecast. */
export function forecastStorage(input: {
  root: string;
  disk: { total: number; free: number } | undefined;
  totalQuotaBytes: number;
  minFreeBytes: number;
  cameras: readonly CameraInput[];
  now: number;
}): StorageView {
  const cameras: CameraStorage[] = input.cameras.map((c) => {
    const bytes = c.segments.reduce((sum, s) => sum + s.bytes, 0);
    const bytesPerDay = c.recording ? writeRate(c.segments, input.now) : 0;
    const oldest = c.segments.length > 0 ? Math.min(...c.segments.map((s) => s.start)) : undefined;
    const days = daysUntil(c.quotaBytes, bytes, bytesPerDay, c.retentionDays);
    return {
      camera: c.camera,
      bytes,
      segments: c.segments.length,
      ...(oldest === undefined ? {} : { oldest }),
      quotaBytes: c.quotaBytes,
      retentionDays: c.retentionDays,
      bytesPerDay: Math.round(bytesPerDay),
      ...(days === undefined ? {} : { daysUntilQuota: days }),
    };
  });
  const usedBytes = cameras.reduce((sum, c) => sum + c.bytes, 0);
  // Cameras that stop growing at their quota or retention no longer eat the disk after that;
  // the total forecast keeps it simple and uses the whole current rate (the cautious answer).
  const bytesPerDay = cameras.reduce((sum, c) => sum + c.bytesPerDay, 0);
  const steady = Math.max(0, ...input.cameras.map((c) => c.retentionDays)) * bytesPerDay;
  const candidates: { days: number; by: 'disk' | 'total-quota' }[] = [];
  if (input.disk && bytesPerDay > 0 && steady > input.disk.free - input.minFreeBytes) {
    candidates.push({ days: Math.max(0, (input.disk.free - input.minFreeBytes) / bytesPerDay), by: 'disk' });
  }
  const quotaDays = daysUntil(input.totalQuotaBytes, usedBytes, bytesPerDay, Math.max(0, ...input.cameras.map((c) => c.retentionDays)));
  if (quotaDays !== undefined) candidates.push({ days: quotaDays, by: 'total-quota' });
  const first = candidates.sort((a, b) => a.days - b.days)[0];
  return {
    root: input.root,
    ...(input.disk ? { disk: input.disk } : {}),
    totalQuotaBytes: input.totalQuotaBytes,
    minFreeBytes: input.minFreeBytes,
    usedBytes,
    bytesPerDay,
    ...(first ? { daysUntilFull: first.days, limitedBy: first.by } : {}),
    cameras,
  };
}
