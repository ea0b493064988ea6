/** ONVIF contracts: discovery and profile requests of the control API, and stream picking. */
export * from './api.ts';
export * from './streams.ts';
