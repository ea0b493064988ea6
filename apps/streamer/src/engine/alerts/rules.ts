/**
 * Which channels an event goes to: arming, then each rule's camera and zone filter, quiet hours
 * and cooldown. The engine keeps the cooldowns in memory; the service saves them (cooldowns.ts)
 * whenever `changes` moves, so a restart keeps them.
 */
import type { AlertRule, AlertsConfig } from '@vigil/shared/alerts';
import { pruneMarks, type CooldownMark } from './cooldowns.ts';
import type { AlertEvent } from './event.ts';
import { inWindows } from './schedule.ts';

/** Why a rule did not fire. */
export type Suppression = 'disarmed' | 'no-match' | 'quiet-hours' | 'cooldown' | 'rule-disabled' | 'no-label' | 'unconfirmed';

/** The outcome of evaluating an event. */
export interface Decision {
  /** Channel ids to alert, each once even when several rules name it. */
  channels: string[];
  /** Rules that fired. */
  fired: string[];
  /** Rules that did not, with the reason. */
  suppressed: Array<{ rule: string; reason: Suppression }>;
}

/** True when alerts are armed at `at` under the config's mode and schedule. */
export function isArmed(config: AlertsConfig, at: number): boolean {
  if (config.mode === 'armed') return true;
  if (config.mode === 'disarmed') return false;
  return inWindows(config.armedWindows, at, config.timeZone);
}

/** Evaluates rules with their cooldowns; remembers what fired. */
export class RuleEngine {
  // Key: rule id and camera; value: when the rule last fired for that camera, and for which event.
  private readonly lastFired = new Map<string, CooldownMark>();
  #changes = 0;

  /** Counts cooldown starts: a caller saves the marks when it has moved. */
  get changes(): number {
    return this.#changes;
  }

  /** Decides which channels `event` goes to at `now`, and starts cooldowns for the rules that fire. */
  evaluate(config: AlertsConfig, event: AlertEvent, now: number): Decision {
    const decision = this.decide(config, event, now);
    this.commit(decision.fired, event, now);
    return decision;
  }

  /**
   * Decides without starting any cooldown: the caller commits the rules whose alert it queued,
   * so an alert lost to a full disk does not mute the next one.
   */
  decide(config: AlertsConfig, event: AlertEvent, now: number): Decision {
    const decision: Decision = { channels: [], fired: [], suppressed: [] };
    const armed = isArmed(config, now);
    for (const rule of config.rules) {
      const reason = this.check(config, rule, event, now, armed);
      if (reason) {
        decision.suppressed.push({ rule: rule.id, reason });
        continue;
      }
      decision.fired.push(rule.id);
      for (const channel of rule.channels) if (!decision.channels.includes(channel)) decision.channels.push(channel);
    }
    return decision;
  }

  /** Starts the cooldowns of `ruleIds` for `event`'s camera at `now`. */
  commit(ruleIds: readonly string[], event: Pick<AlertEvent, 'id' | 'camera'>, now: number): void {
    for (const rule of ruleIds) {
      // The same event raised again (on update, on end) keeps the cooldown's start; the outbox dedupes it.
      if (this.lastFired.get(key(rule, event.camera))?.event === event.id) continue;
      this.lastFired.set(key(rule, event.camera), { rule, camera: event.camera, at: now, event: event.id });
      this.#changes++;
    }
  }

  /** Forgets cooldowns, e.g. after the rules change. */
  reset(): void {
    this.lastFired.clear();
    this.#changes++;
  }

  /** The cooldown marks still worth keeping at `now` (pruneMarks); forgets the others. */
  marks(now: number): CooldownMark[] {
    const kept = pruneMarks([...this.lastFired.values()], now);
    this.lastFired.clear();
    this.restore(kept);
    return kept;
  }

  /** Starts from saved marks (after a restart). */
  restore(marks: readonly CooldownMark[]): void {
    for (const mark of marks) this.lastFired.set(key(mark.rule, mark.camera), { ...mark });
  }

  private check(config: AlertsConfig, rule: AlertRule, event: AlertEvent, now: number, armed: boolean): Suppression | undefined {
    if (!rule.enabled) return 'rule-disabled';
    if (rule.cameras.length > 0 && !rule.cameras.includes(event.camera)) return 'no-match';
    if (rule.zones.length > 0 && !event.zones.some((zone) => rule.zones.includes(zone.id))) return 'no-match';
    const labelMiss = missingLabel(rule, event);
    if (labelMiss) return labelMiss;
    if (!armed) return 'disarmed';
    if (inWindows(rule.quietHours, now, config.timeZone)) return 'quiet-hours';
    const last = this.lastFired.get(key(rule.id, event.camera));
    if (last !== undefined && last.event !== event.id && now - last.at < rule.cooldownSec * 1000) return 'cooldown';
    return undefined;
  }
}

/**
 * For rules that need a label: 'no-label' when the detector looked and found none of them (in the
 * rule's zones, when it has zones), 'unconfirmed' when it did not look and the rule says skip.
 */
function missingLabel(rule: AlertRule, event: AlertEvent): Suppression | undefined {
  const wanted = rule.labels ?? [];
  if (wanted.length === 0) return undefined;
  if (!event.labels) return rule.unconfirmed === 'skip' ? 'unconfirmed' : undefined;
  const found = event.labels.some(
    (label) => (wanted as readonly string[]).includes(label.label) && (rule.zones.length === 0 || !label.zones || label.zones.some((zone) => rule.zones.includes(zone))),
  );
  return found ? undefined : 'no-label';
}

function key(rule: string, camera: string): string {
  return `${rule}\u0000${camera}`;
}
