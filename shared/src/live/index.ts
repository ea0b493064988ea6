/** Live-view contracts: which path a session's picture takes. */
export * from './path.ts';
