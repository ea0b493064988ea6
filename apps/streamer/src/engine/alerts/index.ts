/** Alerts: email and Telegram with snapshots, rules, and a persistent outbox (README.md). */
export { createAlertService } from './service.ts';
export type { AlertService, AlertServiceOptions, RaiseResult } from './service.ts';
export type { AlertEvent, HealthAlert } from './event.ts';
export type { AlertProblem, HeldOptions } from './held.ts';
export { alertEventFromMotion } from './event.ts';
export type { SecretStore } from './secrets.ts';
export { createFileSecretStore, createMemorySecretStore } from './secrets.ts';
export type { AlertLog } from './redact.ts';
export { consoleAlertLog, redact } from './redact.ts';
