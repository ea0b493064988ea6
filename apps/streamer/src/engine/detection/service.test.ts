// From a motion transition to a labelled event and an alert decision, with the real parts in
// between: the motion bus, the detection service and its worker thread, the alert rules.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertsConfig } from '@vigil/shared/alerts';
import type { DetectionResult, ZonedLabel } from '@vigil/shared/detection';
import type { MotionEvent, MotionTransition } from '@vigil/shared/motion';
import { RuleEngine } from '../alerts/rules.ts';
import { createMotionBus } from '../events/motion-bus.ts';
import { Scene } from '../motion/synthetic.ts';
import { decodeImage, toGray } from './decode.ts';
import { createDetectionService } from './service.ts';

const FIXTURE = join(import.meta.dirname, '../../../../../tests/fixtures/detection/person-webcam.jpg');
const rules = AlertsConfig.parse({
  rules: [
    { id: 'person', labels: ['person'], channels: ['mail'], cooldownSec: 0 },
    { id: 'strict', labels: ['person'], unconfirmed: 'skip', channels: ['tg'], cooldownSec: 0 },
  ],
});
const published: DetectionResult[] = [];
const labelled: MotionEvent[] = [];
const detection = createDetectionService({
  backends: ['wasm', 'cpu'],
  cameraOf: (id) => (id === 'off' ? { detection: { enabled: false } } : { detection: { labels: ['person', 'animal'] } }),
  publish: (result, event) => (published.push(result), labelled.push(event)),
  alertWaitMs: 30_000,
  log: () => undefined,
});
const raised: { transition: MotionTransition; labels?: ZonedLabel[]; jpeg: number; fired: string[] }[] = [];
const engine = new RuleEngine();
const bus = createMotionBus({
  sessionsOf: () => [],
  detect: (t, snapshot) => detection.analyse(t, snapshot),
  raise: async (transition, jpeg, labels) => {
    const event = { id: transition.event.id, camera: transition.event.camera, cameraName: 'Porch', zones: [], start: transition.event.start, peakArea: 0.1, ...(labels ? { labels } : {}) };
    raised.push({ transition, labels, jpeg: jpeg?.length ?? 0, fired: engine.evaluate(rules, event, 0).fired });
  },
});
afterAll(() => detection.stop());

let n = 0;
const event = (camera: string, boxes: MotionEvent['boxes']): MotionEvent => ({ id: `${camera}-${++n}`, camera, zones: [], start: 1000, peakArea: 0.1, boxes, snapshotFrame: 3, preRollMs: 0, postRollMs: 0 });
const lastRaise = (id: string) => raised.filter((r) => r.transition.event.id === id).at(-1);

describe('motion event → detection → alert rules', () => {
  it('a person in the snapshot: the event is labelled and published, the person rules fire', async () => {
    const snapshot = toGray(await decodeImage(FIXTURE));
    const start = event('porch', [{ x: 0.3, y: 0.3, w: 0.3, h: 0.6 }]); // small enough for a crop too
    await bus.transition({ type: 'start', event: start }, snapshot);
    const r = lastRaise(start.id)!;
    expect(r.labels?.[0]).toMatchObject({ label: 'person' });
    expect(r.jpeg).toBeGreaterThan(100); // the snapshot still goes with the alert
    expect(r.fired).toEqual(['person', 'strict']);
    expect(published.at(-1)).toMatchObject({ camera: 'porch', event: start.id, stage: 'start', inferences: 2 });
    expect(labelled.at(-1)).toMatchObject({ id: start.id, labels: [expect.objectContaining({ label: 'person' })] });
  }, 60_000);

  it('motion with no object (swaying foliage): labelled with nothing, the person rules stay silent', async () => {
    const frame = new Uint8Array(320 * 180);
    new Scene({ width: 320, height: 180, sway: { x: 192, y: 9, w: 102, h: 81, amplitude: 3, period: 25 } }).render(40, frame);
    const start = event('yard', [{ x: 0.6, y: 0.05, w: 0.32, h: 0.45 }]);
    await bus.transition({ type: 'start', event: start }, { width: 320, height: 180, data: frame });
    expect(lastRaise(start.id)).toMatchObject({ labels: [], fired: [] });
    // The end (busiest frame) finds nothing new: no second raise.
    await bus.transition({ type: 'end', event: { ...start, end: 5000 } }, { width: 320, height: 180, data: frame });
    expect(raised.filter((r) => r.transition.event.id === start.id)).toHaveLength(1);
  }, 60_000);

  it('an update (late zones) while the start is analysed joins that wait instead of going on unconfirmed', async () => {
    const frame = new Uint8Array(320 * 180);
    new Scene({ width: 320, height: 180, level: 30, texture: 12, noise: 7 }).render(40, frame);
    const start = event('yard', [{ x: 0.4, y: 0.4, w: 0.1, h: 0.1 }]);
    const first = detection.analyse({ type: 'start', event: start }, { width: 320, height: 180, data: frame });
    const update = detection.analyse({ type: 'update', event: { ...start, zones: ['gate'] } });
    await expect(update).resolves.toEqual([]); // analysed, nothing found: not undefined
    await expect(first).resolves.toEqual([]);
  }, 60_000);

  it('not analysed (detection off for the camera): unconfirmed, so "alert" fires and "skip" does not', async () => {
    const start = event('off', []);
    await bus.transition({ type: 'start', event: start }, { width: 8, height: 8, data: new Uint8Array(64) });
    expect(lastRaise(start.id)).toMatchObject({ labels: undefined, fired: ['person'] });
  });

  it('an alert waits at most alertWaitMs; a busy detector drops the event at once and reports it', async () => {
    const drops: { camera: string; event: string; dropped: number }[] = [];
    const impatient = createDetectionService({ backends: ['wasm', 'cpu'], maxPending: 1, cameraOf: () => ({ detection: {} }), alertWaitMs: 1, onDrop: (d) => drops.push(d), log: () => undefined });
    const tiny = { width: 8, height: 8, data: new Uint8Array(64) };
    try {
      const first = event('porch', []);
      // The thread has not even loaded its model in 1 ms: unconfirmed, the wait counted.
      await expect(impatient.analyse({ type: 'start', event: first }, tiny)).resolves.toBeUndefined();
      expect(impatient.stats().timeouts).toBe(1);
      // Its job still holds the only slot: the next event is dropped, not queued.
      const second = event('porch', []);
      await expect(impatient.analyse({ type: 'start', event: second }, tiny)).resolves.toBeUndefined();
      expect(drops).toEqual([{ camera: 'porch', event: second.id, dropped: 1 }]);
    } finally {
      await impatient.stop();
    }
  });
});
