/** The alerts configuration as stored by the engine (no secrets) and as the control API takes it. */
import { z } from 'zod';
import { ChannelConfig, ChannelInput } from './channels.ts';
import { AlertRule } from './rules.ts';
import { HealthConfig } from './health.ts';
import { ArmMode, WeeklyWindow } from './schedule.ts';

const common = {
  /** IANA time zone for schedules, quiet hours and the time in captions. Default UTC. */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').default('UTC'),
  mode: ArmMode.default('armed'),
  /** Armed windows used in `schedule` mode. */
  armedWindows: z.array(WeeklyWindow).max(14).default([]),
  rules: z.array(AlertRule).max(64).default([]),
  /** Viewer link put under every alert, e.g. https://vigil.example/#camera={camera}; `{camera}` and `{event}` are replaced. */
  link: z.string().max(500).optional(),
  /** Health alerts (camera offline, recording failing, …): per-kind switches, delays, muted channels. */
  health: HealthConfig,
};

export const AlertsConfig = z.strictObject({ ...common, channels: z.array(ChannelConfig).max(16).default([]) });
export type AlertsConfig = z.infer<typeof AlertsConfig>;

export const AlertsConfigInput = z.strictObject({ ...common, channels: z.array(ChannelInput).max(16).default([]) });
export type AlertsConfigInput = z.input<typeof AlertsConfigInput>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
