/**
 * Playback for paired viewers, over the connection live view uses (see
 * apps/streamer/src/engine/playback/README.md):
 *
 *   1. a signed `request` {"method":"playback", camera, sdp} through the relay, authorised like a
 *      live offer, answered by a signed `response` {sdp, limits}: a WebRTC connection with one
 *      data channel ("playback"), no media tracks;
 *   2. on that channel, JSON commands from the viewer and JSON replies from the engine; bytes
 *      (fMP4, JPEG, export archive) go as binary messages: a 4-byte request id (big-endian),
 *      then the payload, announced by a JSON header with their total length.
 */
import { z } from 'zod';
import { EventMark } from './api.ts';

/** Label of the playback data channel. */
export const PLAYBACK_CHANNEL = 'playback';

/** Bytes in the binary header (the request id). */
export const BINARY_HEADER_BYTES = 4;

// The camera id rule of config/camera.ts (not imported: that module re-exports this one).
const CameraId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'not a camera id');
const Time = z.number().int().min(0).max(8.64e15);
const RequestId = z.number().int().min(1).max(2 ** 31 - 1);
const Range = { from: Time, to: Time };
const ordered = (value: { from: number; to: number }) => value.to > value.from;

/** Payload of the signed request that opens a playback session. */
export const PlaybackOpen = z.strictObject({
  method: z.literal('playback'),
  camera: CameraId,
  sdp: z.string().min(1).max(7000),
});
export type PlaybackOpen = z.infer<typeof PlaybackOpen>;

/** Bounds the engine enforces, told to the viewer so its UI stays inside them. */
export const PlaybackLimits = z.strictObject({
  /** Longest range one `media` command may ask for. */
  maxMediaRangeMs: z.number().int().positive(),
  /** Longest range one `list` command may ask for. */
  maxListRangeMs: z.number().int().positive(),
  /** Longest range one `export` command may ask for. */
  maxExportRangeMs: z.number().int().positive(),
});
export type PlaybackLimits = z.infer<typeof PlaybackLimits>;

/** The engine's reply to PlaybackOpen. */
export const PlaybackOpened = z.union([z.strictObject({ sdp: z.string().min(1).max(32 * 1024), limits: PlaybackLimits }), z.strictObject({ error: z.string().max(512) })]);
export type PlaybackOpened = z.infer<typeof PlaybackOpened>;

/** Viewer → engine commands on the channel. */
export const PlaybackCommand = z.discriminatedUnion('type', [
  /** Segments and events of the camera in a range. */
  z.strictObject({ type: z.literal('list'), id: RequestId, ...Range }).refine(ordered, 'to must be after from'),
  /** The recorded fMP4 of a range: one `media-segment` header + bytes per segment, then `done`. */
  z.strictObject({ type: z.literal('media'), id: RequestId, ...Range }).refine(ordered, 'to must be after from'),
  /** A segment's thumbnail: a `data` header + JPEG bytes. */
  z.strictObject({ type: z.literal('thumbnail'), id: RequestId, file: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}_\d{8}T\d{6}Z_[a-z0-9]+\.mp4$/, 'not a segment file name') }),
  /** An export bundle of a range as a tar archive: `progress` replies, then `data` + bytes. */
  z.strictObject({ type: z.literal('export'), id: RequestId, ...Range }).refine(ordered, 'to must be after from'),
  /** Stops a running media or export transfer. */
  z.strictObject({ type: z.literal('cancel'), id: RequestId }),
]);
export type PlaybackCommand = z.infer<typeof PlaybackCommand>;

/** A segment as playback lists it. */
export const PlaybackSegment = z.strictObject({
  file: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  bytes: z.number().int(),
  /** A thumbnail can be asked for. */
  thumbnail: z.boolean().optional(),
  /** Being written now: `end` is about now and grows; it plays up to its last complete fragment. */
  open: z.boolean().optional(),
});
export type PlaybackSegment = z.infer<typeof PlaybackSegment>;

/** Engine → viewer replies on the channel. */
export const PlaybackReply = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('list'), id: RequestId, segments: z.array(PlaybackSegment).max(20_000), events: z.array(EventMark).max(20_000) }),
  /**
   * Header of one segment's bytes (init segment + the fragments overlapping the range). Media time
   * t of these bytes is wall time `start + (t - origin) * 1000`: set the SourceBuffer's
   * timestampOffset to (start - base) / 1000 - origin for a timeline whose zero is `base`.
   */
  z.strictObject({
    type: z.literal('media-segment'),
    id: RequestId,
    file: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    origin: z.number(),
    codec: z.string().max(64),
    bytes: z.number().int().min(0),
  }),
  z.strictObject({ type: z.literal('data'), id: RequestId, mime: z.string().max(64), bytes: z.number().int().min(0), name: z.string().max(200).optional() }),
  z.strictObject({ type: z.literal('progress'), id: RequestId, fraction: z.number().min(0).max(1) }),
  z.strictObject({ type: z.literal('done'), id: RequestId }),
  z.strictObject({ type: z.literal('error'), id: z.number().int().min(0), message: z.string().max(512) }),
]);
export type PlaybackReply = z.infer<typeof PlaybackReply>;

/** Prefixes a payload with its request id, for a binary message. */
export function frameBinary(id: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(BINARY_HEADER_BYTES + payload.byteLength);
  new DataView(out.buffer).setUint32(0, id);
  out.set(payload, BINARY_HEADER_BYTES);
  return out;
}

/** Reads a binary message: its request id and payload (a view, not a copy). */
export function readBinary(message: ArrayBuffer | Uint8Array): { id: number; payload: Uint8Array } | undefined {
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  if (bytes.byteLength < BINARY_HEADER_BYTES) return undefined;
  const id = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  return { id, payload: bytes.subarray(BINARY_HEADER_BYTES) };
}
