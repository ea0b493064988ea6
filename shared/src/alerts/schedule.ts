/**
 * Quiet hours and arming schedules: weekly windows in local wall-clock time of a named time zone,
 * so "22:00 to 07:00" stays 22:00 to 07:00 across daylight-saving changes.
 */
import { z } from 'zod';

/** "HH:MM", 24-hour clock. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');

/**
 * A weekly window: on each of `days` (0 = Sunday … 6 = Saturday) from `from` until `to`.
 * A window whose `to` is not after `from` runs past midnight into the next day, and belongs to
 * the day it starts on ("Friday 22:00-07:00" covers Saturday 03:00).
 */
export const WeeklyWindow = z.strictObject({
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([0, 1, 2, 3, 4, 5, 6]),
  from: ClockTime,
  to: ClockTime,
});
export type WeeklyWindow = z.infer<typeof WeeklyWindow>;
export type WeeklyWindowInput = z.input<typeof WeeklyWindow>;

/**
 * Arming: `armed` and `disarmed` are the manual switch; `schedule` is armed exactly inside the
 * `armedWindows` (e.g. weekdays 08:00-18:00 while the house is empty).
 */
export const ArmMode = z.enum(['armed', 'disarmed', 'schedule']);
export type ArmMode = z.infer<typeof ArmMode>;
