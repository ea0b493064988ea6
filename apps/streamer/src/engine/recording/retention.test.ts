import { describe, expect, it } from 'vitest';
import { planRetention, type CameraLimits, type RetainedSegment } from './retention.ts';

const DAY = 86_400_000;
const now = 100 * DAY;
const seg = (camera: string, n: number, bytes = 100, event = false, ageDays = 0): RetainedSegment => ({
  camera,
  file: `${camera}_${String(n).padStart(3, '0')}`,
  start: now - ageDays * DAY - 60_000 + n,
  end: now - ageDays * DAY + n,
  bytes,
  event,
});
const limits = (quotaBytes = 0, maxAgeDays = 14, maxEventAgeDays = 30): CameraLimits => ({ maxAgeMs: maxAgeDays * DAY, maxEventAgeMs: maxEventAgeDays * DAY, quotaBytes });

describe('planRetention', () => {
  it('deletes by age, keeping event footage for longer', () => {
    const segments = [seg('a', 1, 100, false, 20), seg('a', 2, 100, true, 20), seg('a', 3, 100, true, 40), seg('a', 4)];
    const plan = planRetention({ segments, limits: new Map([['a', limits()]]), totalQuotaBytes: 0, minFreeBytes: 0, now });
    expect(plan.map((e) => [e.file, e.reason])).toEqual([['a_001', 'age'], ['a_003', 'age']]);
  });

  it('enforces a camera quota oldest first, routine footage before event footage', () => {
    const segments = [seg('a', 1, 100, true, 3), seg('a', 2, 100, false, 2), seg('a', 3, 100, false, 1), seg('a', 4)];
    const plan = planRetention({ segments, limits: new Map([['a', limits(250)]]), totalQuotaBytes: 0, minFreeBytes: 0, now });
    expect(plan.map((e) => [e.file, e.reason])).toEqual([['a_002', 'camera-quota'], ['a_003', 'camera-quota']]);
  });

  it('enforces the total quota across cameras and the free-space guard', () => {
    const segments = [seg('a', 1, 100, false, 3), seg('b', 1, 100, false, 2), seg('a', 2, 100, false, 1), seg('b', 2)];
    const map = new Map([['a', limits()], ['b', limits()]]);
    expect(planRetention({ segments, limits: map, totalQuotaBytes: 300, minFreeBytes: 0, now }).map((e) => e.file)).toEqual(['a_001']);
    const guard = planRetention({ segments, limits: map, totalQuotaBytes: 0, minFreeBytes: 1000, freeBytes: 850, now });
    expect(guard.map((e) => [e.file, e.reason])).toEqual([['a_001', 'free-space'], ['b_001', 'free-space']]);
    // Unknown free space: the guard is skipped rather than guessed.
    expect(planRetention({ segments, limits: map, totalQuotaBytes: 0, minFreeBytes: 1000, now })).toEqual([]);
  });

  it('counts space already freed by earlier steps towards the guard', () => {
    const segments = [seg('a', 1, 100, false, 3), seg('a', 2, 100, false, 2), seg('a', 3)];
    const plan = planRetention({ segments, limits: new Map([['a', limits(200)]]), totalQuotaBytes: 0, minFreeBytes: 1000, freeBytes: 950, now });
    expect(plan.map((e) => e.reason)).toEqual(['camera-quota']);
  });
});
