/**
 * The signalling protocol: every message a client and the server exchange, as zod schemas.
 * The server and both ends validate with these same schemas, so no side keeps a private copy.
 *
 * Flow (see apps/signaling/README.md for the state sequence):
 *   any client  ◄─ welcome
 *   streamer    ─► register ◄─ challenge ─► register-proof ◄─ registered
 *   viewer      ─► offer/candidate/bye/pair-request/request  (to: streamer id)
 *   streamer    ─► answer/candidate/bye/pair-response/response (to: viewer's peer id)
 *   streamer    ─► reach-check {port} ◄─ reach-result  (the relay dials the streamer's own address)
 *   any client  ◄─ reconnect {withinMs}  (the instance drains: dial again, the balancer picks another)
 * The server adds `from` to every relayed message and never reads `sdp`, `payload` or `auth`.
 */
import { z } from 'zod';
import { SIGNALING_ERROR_CODES } from './errors.ts';

/** Protocol version carried in `welcome`; bumped on incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Limits of individual fields; the server's frame limit (maxPayload) is separate. */
export const FIELD_LIMITS = {
  sdp: 32 * 1024,
  candidate: 1024,
  auth: 8 * 1024,
  payload: 8 * 1024,
  reason: 256,
  presenceIds: 64,
} as const;

/** A streamer id: base64url of 16 bytes of SHA-256 over the streamer's Ed25519 public key. */
export const StreamerId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be 22 base64url characters');
/** A connection id the server assigns; `~` keeps it apart from streamer ids. */
export const PeerId = z.string().regex(/^~[A-Za-z0-9_-]{12}$/, 'must be ~ and 12 base64url characters');
/** Either end of a relay: a streamer id or a peer id. */
export const Address = z.union([StreamerId, PeerId]);
/** A media session chosen by the side that starts it (several may run over one connection). */
export const SessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 base64url characters');
/** Client-chosen message id, echoed in error replies so a client knows which message failed. */
const MessageId = z.string().min(1).max(64);
/** Opaque authentication data carried end to end; the server never reads it. */
const Auth = z.string().max(FIELD_LIMITS.auth);

const base = { id: MessageId.optional() };
const relayBase = { ...base, to: Address, from: Address.optional(), session: SessionId, auth: Auth.optional() };

// ── client → server ──────────────────────────────────────────────────────────────────────────

export const RegisterMessage = z.strictObject({
  ...base,
  type: z.literal('register'),
  streamerId: StreamerId,
  /** Ed25519 public key, raw 32 bytes, base64url. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte base64url Ed25519 key'),
});

export const RegisterProofMessage = z.strictObject({
  ...base,
  type: z.literal('register-proof'),
  /** Ed25519 signature, 64 bytes base64url, over registrationChallengeText(nonce). */
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be a 64-byte base64url signature'),
});

export const PresenceSubscribeMessage = z.strictObject({
  ...base,
  type: z.literal('presence-subscribe'),
  streamerIds: z.array(StreamerId).max(FIELD_LIMITS.presenceIds),
});

/** A viewer's offer for one camera's live view (`camera`: which one; `substream`: low-res tile). */
export const OfferMessage = z.strictObject({
  ...relayBase,
  type: z.literal('offer'),
  sdp: z.string().min(1).max(FIELD_LIMITS.sdp),
  camera: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be a camera id').optional(),
  substream: z.boolean().optional(),
});
export const AnswerMessage = z.strictObject({ ...relayBase, type: z.literal('answer'), sdp: z.string().min(1).max(FIELD_LIMITS.sdp) });

/** An ICE candidate as RTCIceCandidateInit; null marks the end of candidates. */
export const IceCandidate = z.strictObject({
  candidate: z.string().max(FIELD_LIMITS.candidate),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export const CandidateMessage = z.strictObject({ ...relayBase, type: z.literal('candidate'), candidate: IceCandidate.nullable() });
export const ByeMessage = z.strictObject({ ...relayBase, type: z.literal('bye'), reason: z.string().max(FIELD_LIMITS.reason).optional() });
export const PairRequestMessage = z.strictObject({ ...relayBase, type: z.literal('pair-request'), payload: z.string().max(FIELD_LIMITS.payload) });
export const PairResponseMessage = z.strictObject({ ...relayBase, type: z.literal('pair-response'), payload: z.string().max(FIELD_LIMITS.payload) });

/** A viewer's call to its streamer (e.g. list cameras) and the reply; `payload` is JSON text. */
export const RequestMessage = z.strictObject({ ...relayBase, type: z.literal('request'), payload: z.string().max(FIELD_LIMITS.payload) });
export const ResponseMessage = z.strictObject({ ...relayBase, type: z.literal('response'), payload: z.string().max(FIELD_LIMITS.payload) });

/**
 * A registered streamer asks the server to dial it back: a TLS connection to the address the
 * server sees this very connection come from (never one the client names) on `port`, to learn
 * whether the router's port mapping works from the internet. `id` pairs it with its reach-result.
 */
export const ReachCheckMessage = z.strictObject({
  type: z.literal('reach-check'),
  id: MessageId,
  port: z.number().int().min(1).max(65535),
});

/** Messages the server forwards between the two ends, adding `from`. */
export const RelayMessage = z.discriminatedUnion('type', [
  OfferMessage,
  AnswerMessage,
  CandidateMessage,
  ByeMessage,
  PairRequestMessage,
  PairResponseMessage,
  RequestMessage,
  ResponseMessage,
]);

/** Everything a client may send. */
export const ClientMessage = z.discriminatedUnion('type', [
  RegisterMessage,
  RegisterProofMessage,
  PresenceSubscribeMessage,
  ReachCheckMessage,
  OfferMessage,
  AnswerMessage,
  CandidateMessage,
  ByeMessage,
  PairRequestMessage,
  PairResponseMessage,
  RequestMessage,
  ResponseMessage,
]);

// ── server → client ──────────────────────────────────────────────────────────────────────────

export const WelcomeMessage = z.strictObject({
  type: z.literal('welcome'),
  protocol: z.literal(PROTOCOL_VERSION),
  peerId: PeerId,
  heartbeatMs: z.number().int().positive(),
  maxPayload: z.number().int().positive(),
});
export const ChallengeMessage = z.strictObject({ type: z.literal('challenge'), nonce: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export const RegisteredMessage = z.strictObject({ type: z.literal('registered'), streamerId: StreamerId });
export const PresenceMessage = z.strictObject({ type: z.literal('presence'), streamerId: StreamerId, online: z.boolean() });
/**
 * The server is draining (a restart or a deploy): the client should close this connection and
 * dial the same URL again at a random moment within `withinMs` (the load balancer sends it to
 * another instance), so thousands of clients do not all arrive in the same instant.
 */
export const ReconnectMessage = z.strictObject({
  type: z.literal('reconnect'),
  reason: z.string().max(FIELD_LIMITS.reason),
  withinMs: z.number().int().min(0).max(60_000),
});
/**
 * The answer to a reach-check: whether a TLS server answered at `address`:`port` (the streamer's
 * address as the server sees it), the SPKI SHA-256 of its key (base64) so the streamer can tell its
 * own server from something else behind that port, or `error` in words.
 */
export const ReachResultMessage = z.strictObject({
  type: z.literal('reach-result'),
  id: MessageId,
  reachable: z.boolean(),
  address: z.string().min(2).max(64),
  port: z.number().int().min(1).max(65535),
  spkiSha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a base64 SHA-256').optional(),
  error: z.string().max(300).optional(),
});
export const ErrorMessage = z.strictObject({
  type: z.literal('error'),
  code: z.enum(SIGNALING_ERROR_CODES),
  message: z.string(),
  /** The offending message's type and id, when the server could read them. */
  ref: z.strictObject({ type: z.string().max(64).optional(), id: z.string().max(64).optional() }).optional(),
});

/** Everything the server may send. Relayed messages always carry `from`. */
export const ServerMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  ChallengeMessage,
  RegisteredMessage,
  PresenceMessage,
  ReconnectMessage,
  ReachResultMessage,
  ErrorMessage,
  OfferMessage.required({ from: true }),
  AnswerMessage.required({ from: true }),
  CandidateMessage.required({ from: true }),
  ByeMessage.required({ from: true }),
  PairRequestMessage.required({ from: true }),
  PairResponseMessage.required({ from: true }),
  RequestMessage.required({ from: true }),
  ResponseMessage.required({ from: true }),
]);

export type ClientMessage = z.infer<typeof ClientMessage>;
export type ServerMessage = z.infer<typeof ServerMessage>;
export type RelayMessage = z.infer<typeof RelayMessage>;
export type RelayType = RelayMessage['type'];
export type RegisterMessage = z.infer<typeof RegisterMessage>;
export type OfferMessage = z.infer<typeof OfferMessage>;
export type AnswerMessage = z.infer<typeof AnswerMessage>;
export type CandidateMessage = z.infer<typeof CandidateMessage>;
export type ByeMessage = z.infer<typeof ByeMessage>;
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type PresenceMessage = z.infer<typeof PresenceMessage>;
export type ReconnectMessage = z.infer<typeof ReconnectMessage>;
export type ReachCheckMessage = z.infer<typeof ReachCheckMessage>;
export type ReachResultMessage = z.infer<typeof ReachResultMessage>;
export type IceCandidate = z.infer<typeof IceCandidate>;

/** The relay message types, for routing checks. */
export const RELAY_TYPES: ReadonlySet<string> = new Set(RelayMessage.options.map((o) => o.shape.type.value));

/** The exact text a streamer signs to prove it holds the key of its id (domain-separated). */
export function registrationChallengeText(nonce: string, streamerId: string): string {
  return `vigil-signal-register:v1:${streamerId}:${nonce}`;
}
