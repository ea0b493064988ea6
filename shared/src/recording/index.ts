/** Recording contracts: config blocks, the hash-chained manifest and the control API's views. */
export * from './config.ts';
export * from './manifest.ts';
export * from './api.ts';
export * from './timeline.ts';
export * from './playback.ts';
export * from './buffering.ts';
