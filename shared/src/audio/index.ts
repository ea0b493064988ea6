/** Sound: per-camera settings and the state the engine reports. */
export * from './config.ts';
export * from './talk.ts';
