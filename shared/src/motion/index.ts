/** Motion contracts: zones, masks, settings, boxes and events. */
export * from './zones.ts';
export * from './config.ts';
export * from './events.ts';
export * from './boxes.ts';
