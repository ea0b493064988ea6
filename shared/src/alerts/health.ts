/**
 * Health alerts: the system telling its owner it stopped watching (a camera offline, recording
 * failing, storage about to fill, footage changed on disk, a crash restart, a clock jump). They
 * travel through the same outbox and channels as motion alerts; each kind has its own switch per
 * channel and a delay before it fires, so a two-second blip alerts nobody.
 */
import { z } from 'zod';
import { WeeklyWindow } from './schedule.ts';

/** The kinds of health alert. */
export const HealthKind = z.enum(['camera-offline', 'recording-failing', 'storage', 'integrity', 'engine-restart', 'clock-jump', 'weekly-digest']);
export type HealthKind = z.infer<typeof HealthKind>;

const ChannelId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

/** One kind's switches: on or off, how long a problem must last, which channels stay silent. */
const setting = (delaySec: number, enabled = true) =>
  z
    .strictObject({
      enabled: z.boolean().default(enabled),
      /** How long the problem must last before an alert goes out (and shows as a problem). */
      delaySec: z.number().int().min(0).max(86_400).default(delaySec),
      /** Channels that do not receive this kind (every other enabled channel does). */
      muted: z.array(ChannelId).max(16).default([]),
    })
    .prefault({});

/**
 * The health alert settings, with defaults a household can keep: a camera must be gone 2 min,
 * recording must fail 1 min, before anyone is told.
 */
export const HealthConfig = z
  .strictObject({
    'camera-offline': setting(120),
    'recording-failing': setting(60),
    'storage': setting(0),
    'integrity': setting(0),
    'engine-restart': setting(0),
    'clock-jump': setting(0),
    /** Optional, off by default: once a week, per camera, the share recorded and watched, events, alerts sent, gaps. */
    'weekly-digest': setting(0, false),
    /** Windows in which health alerts wait (they go out when the window ends; none are lost). */
    quietHours: z.array(WeeklyWindow).max(14).default([]),
    /** How often the newest segments are checked against the hash chain. Default 1 h. */
    integrityEverySec: z.number().int().min(5).max(86_400).default(3_600),
    /** How many of each camera's newest closed segments that check hashes. Default 3. */
    integritySegments: z.number().int().min(1).max(100).default(3),
    /** A wall-clock jump at least this large (against the monotonic clock) is alerted. Default 2 min. */
    clockJumpSec: z.number().int().min(5).max(86_400).default(120),
    /** Storage: alert when the recordings are forecast to fill within this many hours. Default 24. */
    fillWithinHours: z.number().int().min(1).max(720).default(24),
  })
  .prefault({});
export type HealthConfig = z.infer<typeof HealthConfig>;
export type HealthConfigInput = z.input<typeof HealthConfig>;

/** A current health problem, in the same words as its alert (System screen, tray). */
export const HealthProblem = z.strictObject({
  kind: HealthKind,
  camera: z.string().optional(),
  /** The alert's subject line, e.g. "Porch is offline since 14:02". */
  message: z.string(),
  since: z.number(),
});
export type HealthProblem = z.infer<typeof HealthProblem>;
