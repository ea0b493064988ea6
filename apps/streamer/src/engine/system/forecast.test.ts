import { describe, expect, it } from 'vitest';
import { forecastStorage, writeRate } from './forecast.ts';

const HOUR = 3_600_000;
const GB = 1e9;
const now = 10 * 24 * HOUR;
/** Minute segments of `bytes` each over the last `minutes`. */
const minutes = (count: number, bytes: number) => Array.from({ length: count }, (_, i) => ({ start: now - (count - i) * 60_000, end: now - (count - i - 1) * 60_000, bytes }));

describe('writeRate', () => {
  it('is bytes per day over the recent segments', () => {
    expect(writeRate(minutes(60, 1e6), now)).toBeCloseTo(1e6 * 60 * 24);
    expect(writeRate(minutes(10, 1e6), now)).toBeCloseTo(1e6 * 60 * 24); // a short history counts its own span
    expect(writeRate([{ start: now - 3 * HOUR, end: now - 2 * HOUR, bytes: 1e9 }], now)).toBe(0); // nothing recent
  });
});

describe('forecastStorage', () => {
  const camera = { camera: 'door', segments: minutes(60, 1e6), quotaBytes: 0, retentionDays: 14, recording: true };
  const base = { root: '/r', disk: { total: 100 * GB, free: 50 * GB }, totalQuotaBytes: 0, minFreeBytes: 1 * GB, now };

  it('days until the disk is full when retention would keep more than fits', () => {
    const view = forecastStorage({ ...base, cameras: [{ ...camera, retentionDays: 365 }] });
    expect(view.bytesPerDay).toBeCloseTo(1.44 * GB, -6);
    expect(view.limitedBy).toBe('disk');
    expect(view.daysUntilFull).toBeCloseTo(49 / 1.44, 1);
    expect(view.usedBytes).toBe(60e6);
  });

  it('never full when age retention deletes first', () => {
    const view = forecastStorage({ ...base, cameras: [camera] }); // 14 days × 1.44 GB < 49 GB
    expect(view.daysUntilFull).toBeUndefined();
  });

  it('a camera quota and the total quota are forecast too; the earliest limit wins', () => {
    const view = forecastStorage({ ...base, totalQuotaBytes: 5 * GB, cameras: [{ ...camera, quotaBytes: 2 * GB }] });
    expect(view.cameras[0]!.daysUntilQuota).toBeCloseTo((2 * GB - 60e6) / (1.44 * GB), 2);
    expect(view.limitedBy).toBe('total-quota');
    expect(view.daysUntilFull).toBeCloseTo((5 * GB - 60e6) / (1.44 * GB), 2);
  });

  it('a camera that does not record writes nothing', () => {
    const view = forecastStorage({ ...base, cameras: [{ ...camera, recording: false, quotaBytes: GB }] });
    expect(view.bytesPerDay).toBe(0);
    expect(view.cameras[0]!.daysUntilQuota).toBeUndefined();
    expect(view.daysUntilFull).toBeUndefined();
  });
});
