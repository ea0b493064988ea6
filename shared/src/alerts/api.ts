/**
 * Control API bodies for alerts (the routes are the engine's; see the alerts README there):
 * GET /api/alerts → AlertsView, PUT /api/alerts ← AlertsConfigInput, PUT /api/alerts/mode ← AlertModeRequest,
 * POST /api/alerts/channels/:id/test → ChannelView, GET /api/alerts/outbox → DeliveryList,
 * POST /api/alerts/outbox/retry ← RetryRequest.
 */
import { z } from 'zod';
import { ChannelView } from './channels.ts';
import { AlertsConfig } from './config.ts';
import { DeliveryState } from './delivery.ts';
import { ArmMode } from './schedule.ts';

/** The alerts page: config (no secrets) and every channel's state. */
export const AlertsView = z.strictObject({ config: AlertsConfig, channels: z.array(ChannelView) });
export type AlertsView = z.infer<typeof AlertsView>;

/** The manual arm/disarm switch. */
export const AlertModeRequest = z.strictObject({ mode: ArmMode });
export type AlertModeRequest = z.infer<typeof AlertModeRequest>;

/** Retry failing channels now (all when `channel` is absent). */
export const RetryRequest = z.strictObject({ channel: z.string().max(32).optional() });
export type RetryRequest = z.infer<typeof RetryRequest>;

/** The outbox, newest first. */
export const DeliveryList = z.array(DeliveryState);
export type DeliveryList = z.infer<typeof DeliveryList>;
