import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertsConfig } from '@vigil/shared/alerts';
import type { StorageView } from '@vigil/shared/api';
import { CameraConfig } from '@vigil/shared/config';
import type { HealthAlert } from '../alerts/index.ts';
import { checkStorage, ClockWatch, RecordingWatch } from './signals.ts';
import { HealthTracker } from './tracker.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-health-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(file: string) {
  let now = Date.now();
  const config = AlertsConfig.parse({ health: { 'recording-failing': { delaySec: 0 }, storage: { delaySec: 0 } } });
  const sent: HealthAlert[] = [];
  const tracker = new HealthTracker({ file: join(dir, file), config: () => config, raise: async (alert) => void sent.push(alert), now: () => now });
  return { tracker, sent, advance: (ms: number) => (now += ms), now: () => now };
}

describe('recording watch', () => {
  const porch = CameraConfig.parse({ id: 'porch', name: 'Porch', source: { kind: 'test-pattern' }, recording: { mode: 'continuous', segmentSeconds: 10 } });

  it('segments that stop growing while the camera is live fail; a new one ends it', async () => {
    const { tracker, sent, advance, now } = setup('stall.json');
    const watch = new RecordingWatch(tracker, now);
    let newest = now();
    watch.check([porch], () => true, () => newest);
    advance(29_000);
    watch.check([porch], () => true, () => newest);
    await tracker.tick();
    expect(sent).toEqual([]); // under three segment lengths: still fine
    advance(2_000);
    watch.check([porch], () => true, () => newest);
    await tracker.tick();
    expect(sent.map((a) => a.title)).toEqual([expect.stringMatching(/^Recording fails on Porch since \d\d:\d\d$/)]);
    expect(sent[0]!.body).toContain('segments are not growing');
    newest = now() + 1_000;
    advance(1_000);
    watch.check([porch], () => true, () => newest);
    await tracker.tick();
    expect(sent[1]!.title).toMatch(/^Recording works again on Porch after \d+ s$/);
  });

  it('retention deleting footage for room is one storage alert an hour, in words', async () => {
    const { tracker, sent, now } = setup('evicted.json');
    const watch = new RecordingWatch(tracker, now);
    const evicted = { kind: 'evicted' as const, message: 'Deleted 3 old segment(s) to stay within quota and free space.', reason: 'camera-quota' as const, files: 3, at: Math.floor(now() / 3_600_000) * 3_600_000 + 10_000 }; // inside one clock hour
    watch.alert(evicted, () => 'Porch');
    watch.alert({ ...evicted, at: evicted.at + 1_000 }, () => 'Porch');
    await tracker.tick();
    expect(sent.map((a) => a.title)).toEqual(['Retention is deleting footage younger than its configured age to make room (the quota is reached)']);
    expect(sent[0]!.kind).toBe('storage');
  });

  it('an offline camera is not a recording failure', async () => {
    const { tracker, sent, advance, now } = setup('offline.json');
    const watch = new RecordingWatch(tracker, now);
    watch.check([porch], () => false, () => 1);
    advance(120_000);
    watch.check([porch], () => false, () => 1);
    await tracker.tick();
    expect(sent).toEqual([]);
  });
});

describe('storage forecast', () => {
  const view = (days?: number): StorageView => ({ root: '/r', totalQuotaBytes: 0, minFreeBytes: 0, usedBytes: 1, bytesPerDay: 1, cameras: [], ...(days === undefined ? {} : { daysUntilFull: days, limitedBy: 'disk' as const }) });

  it('alerts when the disk fills within the hours given, and says when it no longer does', async () => {
    const { tracker, sent } = setup('storage.json');
    checkStorage(tracker, view(2), 24);
    await tracker.tick();
    expect(sent).toEqual([]);
    checkStorage(tracker, view(0.25), 24);
    await tracker.tick();
    expect(sent.map((a) => a.title)).toEqual(['Storage: the recordings disk will be full in about 6 h at the current rate']);
    checkStorage(tracker, view(), 24);
    await tracker.tick();
    expect(sent[1]!.title).toMatch(/^Storage is no longer forecast to fill \(after \d+ s\)$/);
  });
});

describe('clock watch', () => {
  it('reports a wall-clock jump past the threshold once, in either direction, and ignores drift', async () => {
    const { tracker, sent } = setup('clock.json');
    let wall = Date.now();
    let mono = 1_000;
    const watch = new ClockWatch({ wall: () => wall, mono: () => mono });
    wall += 5_000 + 900; // 900 ms of drift over 5 s: not a jump
    mono += 5_000;
    watch.check(tracker, 120_000);
    wall += 3 * 3_600_000 + 1_000; // NTP sets the clock 3 h forward
    mono += 1_000;
    watch.check(tracker, 120_000);
    wall -= 600_000 - 1_000; // and 10 min back
    mono += 1_000;
    watch.check(tracker, 120_000);
    await tracker.tick();
    expect(sent.map((a) => a.title)).toEqual(['The clock jumped forward by 3 h', 'The clock jumped back by 10 min']);
  });
});
