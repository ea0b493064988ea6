/** Vigil's environment-free library: contracts shared by the engine, signalling and both UIs. */
export * from './signaling/index.ts';
export * from './pairing/index.ts';
export * from './encoding.ts';
export * from './config/camera.ts';
export * from './config/engine.ts';
export * from './api/control.ts';
export * from './motion/index.ts';
export * from './alerts/index.ts';
