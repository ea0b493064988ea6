/** Environment-free signalling pieces: the reconnecting client, its socket surface, the router. */
export * from './client.ts';
export * from './socket.ts';
export * from './router.ts';
export * from './emitter.ts';
export { KeyedTokenBuckets, SlidingWindowCounter, TokenBucket } from './limits.ts';
