/** The signalling protocol: messages, error codes and parsing. */
export * from './messages.ts';
export * from './errors.ts';
export * from './codec.ts';
