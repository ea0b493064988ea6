/** Alert rules: which motion, on which camera and zone, goes to which channels, and how often. */
import { z } from 'zod';
import { WeeklyWindow } from './schedule.ts';
import { LabelName } from '../detection/config.ts';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 of a-z, 0-9 and -');

export const AlertRule = z.strictObject({
  id: Id,
  name: z.string().min(1).max(80).optional(),
  enabled: z.boolean().default(true),
  /** Camera ids; empty means every camera. */
  cameras: z.array(z.string().min(1).max(64)).max(64).default([]),
  /** Zone ids; empty means any motion, else the event must touch one of them. */
  zones: z.array(z.string().min(1).max(32)).max(64).default([]),
  /** Channel ids the alert goes to. */
  channels: z.array(Id).min(1).max(16),
  /**
   * After the rule fires for a camera, further events from that camera are not alerted for this
   * long. Default 60 s: a person walking up a drive makes several events, the owner wants one ping.
   */
  cooldownSec: z.number().int().min(0).max(86_400).default(60),
  /** Windows in which this rule stays silent (e.g. no Telegram at night while email still goes). */
  quietHours: z.array(WeeklyWindow).max(14).default([]),
  /**
   * Labels the object detector must find (e.g. ['person']); absent or empty: any motion alerts. With zones
   * too, the object must stand in one of them (its box's bottom centre).
   */
  labels: z.array(LabelName).max(8).optional(),
  /**
   * When the rule needs labels but the event was not analysed in time (detector busy, failed,
   * off for the camera, or slower than the engine's wait): 'alert' anyway (the default when
   * absent; a busy CPU must not silence a burglar) or 'skip'.
   */
  unconfirmed: z.enum(['alert', 'skip']).optional(),
});
export type AlertRule = z.infer<typeof AlertRule>;
export type AlertRuleInput = z.input<typeof AlertRule>;
