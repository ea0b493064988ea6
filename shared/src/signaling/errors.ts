/**
 * Error codes the signalling server sends in `error` messages. Each names one reason a message or
 * connection was refused, so clients can react to the code and show the message.
 */
export const SIGNALING_ERROR_CODES = [
  'bad-json', // the frame is not JSON text
  'bad-message', // JSON, but not a valid message of its type (the message says which field)
  'unknown-type', // a `type` the protocol does not define
  'too-large', // the frame exceeds the server's maxPayload
  'rate-limited', // more messages per second than the server allows this connection
  'not-registered', // a streamer-only action before registration completed
  'auth-failed', // the registration proof did not verify
  'unknown-peer', // the addressed streamer or viewer is not connected
  'forbidden', // a relay between two viewers, or a role change on a live connection
  'replaced', // a newer connection proved the same streamer id; this one is closed
  'too-many-connections', // the address holds the maximum number of connections
  'timeout', // a handshake step was not completed in time
  'internal', // the server failed; the message was not relayed
] as const;

export type SignalingErrorCode = (typeof SIGNALING_ERROR_CODES)[number];
