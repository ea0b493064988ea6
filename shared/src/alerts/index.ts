/** Alert contracts: channels, rules, schedules, delivery states and the alerts configuration. */
export * from './channels.ts';
export * from './schedule.ts';
export * from './rules.ts';
export * from './delivery.ts';
export * from './config.ts';
export * from './health.ts';
export * from './api.ts';
