/**
 * Delivery states of the alert outbox, one per (event, channel), as the control API lists them.
 *
 * pending ─send ok─► sent
 *    │  └─send fails─► failing ─retry ok─► sent
 *    └──────────────────┴─outbox full / too old─► dropped
 */
import { z } from 'zod';

export const DeliveryStatus = z.enum(['pending', 'failing', 'sent', 'dropped']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryState = z.strictObject({
  /** Idempotent id: the same event and channel always give the same id. */
  id: z.string().min(1).max(128),
  eventId: z.string().min(1).max(64),
  channel: z.string(),
  camera: z.string(),
  /** Milliseconds since the epoch of the motion. */
  at: z.number(),
  status: DeliveryStatus,
  attempts: z.number().int().min(0),
  /** Milliseconds since the epoch when the entry was queued. */
  queuedAt: z.number(),
  sentAt: z.number().optional(),
  lastError: z.string().optional(),
  nextAttemptAt: z.number().optional(),
  /** What the alert is about: absent for motion, else the health kind (camera-offline, …). */
  kind: z.string().max(32).optional(),
  /** The alert's subject line, for lists ("Porch is offline since 14:02"). */
  title: z.string().max(300).optional(),
  /** Why a dropped entry was given up. */
  dropReason: z.string().optional(),
});
export type DeliveryState = z.infer<typeof DeliveryState>;

/**
 * The channel of entries raised while no channel is enabled: they wait in the outbox, the app
 * lists them ("3 alerts waiting: add a channel to receive them"), and the first channel enabled
 * receives them. Never a valid channel id (ids start with a letter or digit).
 */
export const WAITING_CHANNEL = '-';
