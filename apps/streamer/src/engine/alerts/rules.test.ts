import { describe, expect, it } from 'vitest';
import { AlertsConfig } from '@vigil/shared/alerts';
import type { AlertEvent } from './event.ts';
import { RuleEngine } from './rules.ts';

let counter = 0;
const event = (camera = 'front', zones = ['porch'], id = `e${++counter}`): AlertEvent => ({
  id, camera, cameraName: camera, zones: zones.map((id) => ({ id, name: id })), start: 0, peakArea: 0.1,
});
const config = (extra: object = {}) =>
  AlertsConfig.parse({
    timeZone: 'Europe/Paris',
    rules: [
      { id: 'porch-mail', cameras: ['front'], zones: ['porch'], channels: ['mail'] },
      { id: 'night-quiet-tg', channels: ['tg'], cooldownSec: 30, quietHours: [{ from: '23:00', to: '07:00' }] },
    ],
    ...extra,
  });
// Monday 2026-11-23 12:00 Paris.
const NOON = Date.UTC(2026, 10, 23, 11, 0);

describe('rules', () => {
  it('match camera and zone; union of channels', () => {
    const rules = new RuleEngine();
    expect(rules.evaluate(config(), event(), NOON).channels).toEqual(['mail', 'tg']);
    const other = rules.evaluate(config(), event('back', ['garden']), NOON);
    expect(other.channels).toEqual(['tg']);
    expect(other.suppressed).toEqual([{ rule: 'porch-mail', reason: 'no-match' }]);
  });

  it('cooldown per rule and camera holds, then lets the next event through', () => {
    const rules = new RuleEngine();
    const cfg = config();
    expect(rules.evaluate(cfg, event(), NOON).fired).toEqual(['porch-mail', 'night-quiet-tg']);
    expect(rules.evaluate(cfg, event(), NOON + 29_000).suppressed).toEqual([
      { rule: 'porch-mail', reason: 'cooldown' },
      { rule: 'night-quiet-tg', reason: 'cooldown' },
    ]);
    // porch-mail has the default 60 s, night-quiet-tg 30 s.
    expect(rules.evaluate(cfg, event(), NOON + 30_000).fired).toEqual(['night-quiet-tg']);
    expect(rules.evaluate(cfg, event(), NOON + 60_000).fired).toEqual(['porch-mail', 'night-quiet-tg']);
    // Another camera has its own cooldown.
    expect(rules.evaluate(cfg, event('back'), NOON + 61_000).fired).toEqual(['night-quiet-tg']);
  });

  it('the same event raised again passes (the outbox dedupes it) and does not extend the cooldown', () => {
    const rules = new RuleEngine();
    const cfg = config();
    rules.evaluate(cfg, event('front', ['porch'], 'same'), NOON);
    expect(rules.evaluate(cfg, event('front', ['porch'], 'same'), NOON + 50_000).fired).toEqual(['porch-mail', 'night-quiet-tg']);
    expect(rules.evaluate(cfg, event('front', ['porch']), NOON + 60_000).fired).toEqual(['porch-mail', 'night-quiet-tg']);
  });

  it('quiet hours silence their rule only, in the configured zone', () => {
    const rules = new RuleEngine();
    const lateParis = Date.UTC(2026, 10, 23, 22, 30); // 23:30 in Paris, 22:30 UTC
    const decision = rules.evaluate(config(), event(), lateParis);
    expect(decision.channels).toEqual(['mail']);
    expect(decision.suppressed).toEqual([{ rule: 'night-quiet-tg', reason: 'quiet-hours' }]);
  });

  it('disarmed and schedule modes', () => {
    const rules = new RuleEngine();
    expect(rules.evaluate(config({ mode: 'disarmed' }), event(), NOON).channels).toEqual([]);
    const office = config({ mode: 'schedule', armedWindows: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }] });
    expect(rules.evaluate(office, event(), NOON).channels).toEqual(['mail', 'tg']);
    const saturday = Date.UTC(2026, 10, 28, 11, 0);
    expect(rules.evaluate(office, event('back'), saturday).suppressed.map((s) => s.reason)).toEqual(['no-match', 'disarmed']);
  });

  it('a rule that needs a label fires only when the detector found it, in its zone', () => {
    const rules = new RuleEngine();
    const cfg = AlertsConfig.parse({
      rules: [
        { id: 'drive-person', zones: ['driveway'], labels: ['person'], channels: ['mail'], cooldownSec: 0 },
        { id: 'any-animal', labels: ['animal'], unconfirmed: 'skip', channels: ['tg'] },
      ],
    });
    const person = { label: 'person', score: 0.6, box: [0.4, 0.3, 0.5, 0.9] as [number, number, number, number] };
    const labelled = (labels: AlertEvent['labels']): AlertEvent => ({ ...event('front', ['driveway']), labels });
    const reasons = (e: AlertEvent) => rules.evaluate(cfg, e, NOON).suppressed.map((s) => s.reason);
    // Nothing found: motion alone does not alert.
    expect(reasons(labelled([]))).toEqual(['no-label', 'no-label']);
    // A person standing in the driveway: the person rule fires, the animal rule still does not.
    expect(rules.evaluate(cfg, labelled([{ ...person, zones: ['driveway'] }]), NOON).fired).toEqual(['drive-person']);
    // A person whose feet are on the street (motion touched the driveway, the person is not in it).
    expect(reasons(labelled([{ ...person, zones: ['street'] }]))).toEqual(['no-label', 'no-label']);
    // Not analysed in time: 'alert' (the default) lets it through, 'skip' does not.
    const unconfirmed = rules.evaluate(cfg, labelled(undefined), NOON);
    expect(unconfirmed.fired).toEqual(['drive-person']);
    expect(unconfirmed.suppressed).toEqual([{ rule: 'any-animal', reason: 'unconfirmed' }]);
  });
});
