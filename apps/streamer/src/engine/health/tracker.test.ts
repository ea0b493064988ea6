import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertsConfig, type AlertsConfigInput } from '@vigil/shared/alerts';
import type { HealthAlert } from '../alerts/index.ts';
import { HealthTracker } from './tracker.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-health-tracker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tracker on a clock the test moves, whose alerts land in `sent`. */
function setup(file: string, input: AlertsConfigInput = {}) {
  let now = Date.now();
  const config = AlertsConfig.parse({ ...input, health: { 'camera-offline': { delaySec: 60 }, ...input.health } });
  const sent: HealthAlert[] = [];
  const tracker = new HealthTracker({ file: join(dir, file), config: () => config, raise: async (alert) => void sent.push(alert), now: () => now });
  return { tracker, sent, advance: (ms: number) => (now += ms), now: () => now };
}
const porch = { kind: 'camera-offline' as const, camera: 'porch', subject: 'Porch', detail: 'The camera cannot be reached.' };

describe('health tracker', () => {
  it('a blip shorter than the delay alerts nobody and lists nothing', async () => {
    const { tracker, sent, advance } = setup('blip.json');
    tracker.report('camera-offline:porch', porch);
    advance(30_000);
    await tracker.tick();
    tracker.resolve('camera-offline:porch');
    advance(60_000);
    await tracker.tick();
    expect(sent).toEqual([]);
    expect(tracker.problems()).toEqual([]);
  });

  it('a lasting problem alerts once, is listed in the same words, and its end says how long it lasted', async () => {
    const { tracker, sent, advance } = setup('lasting.json');
    tracker.report('camera-offline:porch', porch);
    advance(61_000);
    await tracker.tick();
    tracker.report('camera-offline:porch', porch);
    await tracker.tick();
    expect(sent.map((a) => a.title)).toEqual([expect.stringMatching(/^Porch is offline since \d\d:\d\d$/)]);
    expect(tracker.problems()[0]!.message).toBe(`${sent[0]!.title}: The camera cannot be reached.`);
    advance(120_000);
    tracker.resolve('camera-offline:porch');
    await tracker.tick();
    expect(sent.map((a) => a.title)[1]).toBe('Porch is back after 3 min');
    expect(tracker.problems()).toEqual([]);
  });

  it('keeps its state across a restart: nothing fires twice, the end is still announced', async () => {
    const first = setup('restart.json');
    first.tracker.report('camera-offline:porch', porch);
    first.advance(61_000);
    await first.tracker.tick();
    first.tracker.occurred('integrity:porch:a.mp4:changed', { kind: 'integrity', title: 'Recording file changed: a.mp4 (Porch)', at: first.now() });
    await first.tracker.tick();
    await first.tracker.flush();
    expect(first.sent).toHaveLength(2);
    const second = setup('restart.json');
    await second.tracker.load();
    second.tracker.report('camera-offline:porch', porch);
    second.tracker.occurred('integrity:porch:a.mp4:changed', { kind: 'integrity', title: 'Recording file changed: a.mp4 (Porch)', at: second.now() });
    second.advance(61_000);
    await second.tracker.tick();
    expect(second.sent).toEqual([]);
    second.tracker.resolve('camera-offline:porch');
    await second.tracker.tick();
    expect(second.sent.map((a) => a.title)).toEqual([expect.stringMatching(/^Porch is back after \d+ min$/)]);
  });

  it('holds alerts during health quiet hours and sends them after; a switched-off kind stays silent', async () => {
    const quiet = setup('quiet.json', { health: { quietHours: [{ from: '00:00', to: '00:00' }] } });
    quiet.tracker.report('camera-offline:porch', porch);
    quiet.advance(61_000);
    await quiet.tracker.tick();
    expect(quiet.sent).toEqual([]);
    expect(quiet.tracker.problems()).toHaveLength(1); // listed at once, sent when the window ends
    const off = setup('off.json', { health: { 'clock-jump': { enabled: false } } });
    off.tracker.occurred('clock-jump:1', { kind: 'clock-jump', title: 'The clock jumped forward by 3 h', at: off.now() });
    await off.tracker.tick();
    expect(off.sent).toEqual([]);
  });
});
