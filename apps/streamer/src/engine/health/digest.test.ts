import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryState } from '@vigil/shared/alerts';
import { CameraConfig } from '@vigil/shared/config';
import { cameraWeek, digestText, WEEK_MS, WeeklyDigest, type DigestSources } from './digest.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-health-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOUR = 3_600_000;
const porch = CameraConfig.parse({ id: 'porch', name: 'Porch', source: { kind: 'test-pattern' }, recording: { mode: 'continuous', segmentSeconds: 60 } });

/** A week ending `to` in which Porch recorded two blocks of hours (a gap between), had 3 events and 2 alerts sent. */
function sources(to: number): DigestSources {
  const from = to - WEEK_MS;
  const sent = (at: number, channel = 'mail'): DeliveryState => ({ id: `${at}${channel}`, eventId: 'e', channel, camera: 'porch', at, status: 'sent', attempts: 1, queuedAt: at, sentAt: at });
  return {
    cameras: () => [porch],
    segments: () => [
      { start: from, end: from + 42 * HOUR },
      { start: from + 43 * HOUR, end: from + 85 * HOUR },
    ],
    events: () => [1, 2, 3],
    deliveries: () => [sent(from + HOUR), sent(from + 2 * HOUR), sent(from - HOUR), sent(from + 3 * HOUR, '-')],
  };
}

describe('weekly digest', () => {
  it('gives each camera its recorded and watched share, events, alerts sent and gaps', () => {
    const to = Date.now();
    const week = cameraWeek(porch, sources(to), 84 * HOUR, to - WEEK_MS, to);
    expect(week).toEqual({ name: 'Porch', recordedShare: 0.5, watchedShare: 0.5, events: 3, alertsSent: 2, gaps: 1 });
    expect(digestText([week])).toBe('Porch: recorded 50 %, watched 50 %, 3 events, 2 alerts sent, 1 gap');
  });

  it('is due once a week, counts watched time across a restart, and starts a new week after', async () => {
    let now = Date.now();
    const file = join(dir, 'digest.json');
    const first = new WeeklyDigest(file, sources(now + WEEK_MS), () => now);
    await first.load();
    now += 30_000;
    first.tick(() => true);
    await first.save();
    const second = new WeeklyDigest(file, sources(now + WEEK_MS), () => now);
    await second.load();
    now += 30_000;
    second.tick(() => true);
    expect(second.due()).toBeUndefined();
    now += WEEK_MS;
    const digest = second.due()!;
    expect(digest.title).toBe('Vigil: your week');
    expect(digest.detail).toMatch(/^Porch: recorded \d+ %, watched 0 %, 3 events, /); // 60 s of a week rounds to 0 %
    expect(second.due()).toBeUndefined();
  });
});
