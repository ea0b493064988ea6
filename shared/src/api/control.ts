/**
 * The engine's control API (HTTP + WebSocket) as the streamer UI and scripts see it. Requests are
 * validated by the engine with these schemas; responses and events are typed by them. The route
 * table the engine serves and the UI calls is routes.ts; this overview is for reading.
 *
 *   GET    /healthz                  liveness, no details (the only unauthenticated route)
 *   GET    /metrics                  Prometheus text
 *   GET    /api/cameras              CameraView[]
 *   POST   /api/cameras              CameraConfig → CameraView          (409 if the id exists)
 *   PUT    /api/cameras/:id          CameraConfig → CameraView
 *   DELETE /api/cameras/:id          204
 *   POST   /api/cameras/:id/webrtc   { sdp, substream? } → { sessionId, sdp } (live preview)
 *   GET    /api/devices              UsbDevice[]
 *   GET    /api/sessions             SessionView[]
 *   DELETE /api/sessions/:id         204
 *   POST   /api/pairing/offers       PairingOfferView (a new one-time QR code)
 *   GET    /api/viewers              PairedViewerView[]
 *   PATCH  /api/viewers/:id          { name?, talk? } → PairedViewerView
 *   DELETE /api/viewers/:id          204 (revoked; its live sessions end at once)
 *   WS     /api/events               EngineEvent stream
 *   GET    /api/recordings?camera&from&to   RecordingSegmentView[] (with event marks)
 *   GET    /api/recordings/usage     RecordingUsage[]
 *   POST   /api/recordings/export    ExportRequest → 202 { id }; `recording-export` events follow
 *   GET    /api/recordings/exports/:id/clip.mp4   the exported clip
 *   POST   /api/recordings/verify    { camera } → VerifyReport (hash chain, offline check)
 *   GET    /api/recordings/storage   StorageView (disk, quotas, per-camera use and forecast)
 *   GET    /api/recordings/segments/:camera/:file   one segment (video/mp4, HTTP Range)
 *   GET    /api/recordings/thumbnails/:camera/:file   a segment's thumbnail (image/jpeg, made on demand)
 *   POST   /api/recordings/links     { path } → MediaLink (a short-lived signed URL for <video>/<a>)
 *   GET    /api/system               SystemView (CPU, memory, disk, uptime, version, cameras)
 *   GET    /api/system/logs?since&level   LogLine[] (the engine's recent log, secrets masked)
 *   GET    /api/alerts               AlertsView (channels without secrets, rules, schedule)
 *   PUT    /api/alerts               AlertsConfigInput → AlertsView (omitted secrets are kept)
 *   PUT    /api/alerts/mode          { mode } → AlertsView
 *   POST   /api/alerts/channels/:id/test   ChannelView (200 even when the send failed: see state)
 *   GET    /api/alerts/outbox        DeliveryState[]
 *   POST   /api/alerts/outbox/retry  { channel? } → 204
 *   POST   /api/onvif/discover       DiscoverRequest → DiscoverResult (WS-Discovery; shared/src/onvif)
 *   POST   /api/onvif/profiles       ProfilesRequest → ProfilesResult (200 with ok:false and a problem
 *                                    when the camera refuses, cannot be reached or is not ONVIF)
 *   POST   /api/onvif/preview        PreviewRequest → PreviewResult (one JPEG from a stream, before adding)
 *   GET    /api/remote               RemoteStatus (addresses, port mapping, relays, TURN, routes, last test)
 *   POST   /api/remote/test          RemoteTest ("test from outside": reachable, and why not in words)
 *   GET    /api/remote/settings      RemoteSettingsView (STUN, TURN without its secrets, port mapping, relays)
 *   PUT    /api/remote/settings      RemoteSettingsPatch → RemoteStatus (a TURN secret left out is kept)
 *   GET    /*                        the streamer UI (static files, no token)
 * Auth: `Authorization: Bearer <admin token>`; browsers' WebSockets send the token as the
 * subprotocol `vigil-token.<token>` next to `vigil-events.v1`. Media elements cannot send headers,
 * so GET of a segment, a thumbnail or an export clip also accepts `?exp=<ms>&sig=<hex>` from POST
 * /api/recordings/links: an HMAC of that one path and expiry, keyed by a secret of the engine
 * process (never the token), valid a few minutes.
 * Every request must name one of the engine's own addresses in `Host` (403 otherwise: DNS
 * rebinding), and an event-socket upgrade that carries an `Origin` must come from the API's own
 * origin or a `--ui-origin` (403 otherwise: WebSockets are not bound by CORS).
 */
import { z } from 'zod';
import { TalkActivity } from '../audio/talk.ts';
import { DeliveryState } from '../alerts/delivery.ts';
import { MotionTransition } from '../motion/events.ts';
import { DetectionResult } from '../detection/index.ts';
import { ExportProgress, RecordingAlert } from '../recording/api.ts';
import { CameraConfig, CameraState, CameraStateName } from '../config/camera.ts';
import { RemoteStatus } from '../remote/index.ts';

export const CameraStats = z.strictObject({
  fps: z.number(),
  bitrateKbps: z.number(),
  viewers: z.number().int(),
  restarts: z.number().int(),
  lastError: z.string().optional(),
});
export type CameraStats = z.infer<typeof CameraStats>;

/** A camera as the API shows it: credentials in URLs are redacted. */
export const CameraView = z.strictObject({ config: CameraConfig, state: CameraState, stats: CameraStats });
export type CameraView = z.infer<typeof CameraView>;

export const SessionView = z.strictObject({
  id: z.string(),
  cameraId: z.string(),
  viewer: z.string(),
  startedAt: z.number(),
});
export type SessionView = z.infer<typeof SessionView>;

/**
 * A device on the streamer computer: `kind` "audio" is a microphone, "speaker" an audio output
 * that can play viewers' talk; absent: a camera.
 */
export const UsbDevice = z.strictObject({ id: z.string(), name: z.string(), kind: z.enum(['video', 'audio', 'speaker']).optional() });
export type UsbDevice = z.infer<typeof UsbDevice>;

export const PairingOfferView = z.strictObject({
  uri: z.string(),
  expiresAt: z.number(),
  /** The QR code as an SVG document (error correction L). */
  qrSvg: z.string(),
});
export type PairingOfferView = z.infer<typeof PairingOfferView>;

/** `talk`: the viewer may talk through the cameras' speakers (off by default: talking is more sensitive than watching). */
export const PairedViewerView = z.strictObject({ id: z.string(), name: z.string(), pairedAt: z.number(), lastSeen: z.number().optional(), talk: z.boolean().optional() });
export type PairedViewerView = z.infer<typeof PairedViewerView>;
/** A change to a paired viewer: its name, its talk permission, or both. */
export const RenameViewer = z
  .strictObject({ name: z.string().trim().min(1).max(80).optional(), talk: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.talk !== undefined, 'give a name or a talk permission');

export const ApiErrorCode = z.enum(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'too-large', 'internal']);
export const ApiError = z.strictObject({
  error: z.strictObject({ code: ApiErrorCode, message: z.string(), issues: z.array(z.string()).optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

export const EngineEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('camera-state'), state: CameraState }),
  z.strictObject({ type: z.literal('camera-removed'), id: z.string() }),
  z.strictObject({ type: z.literal('session-opened'), session: SessionView }),
  z.strictObject({ type: z.literal('session-closed'), id: z.string() }),
  z.strictObject({ type: z.literal('viewer-paired'), viewer: PairedViewerView }),
  z.strictObject({ type: z.literal('viewer-revoked'), id: z.string() }),
  /** Someone started or stopped talking through a camera's speaker. */
  z.strictObject({ type: z.literal('talk'), activity: TalkActivity }),
  z.strictObject({ type: z.literal('alert-delivery'), state: DeliveryState }),
  z.strictObject({ type: z.literal('motion'), transition: MotionTransition }),
  /** The object detector labelled a motion event (see @vigil/shared/detection). */
  z.strictObject({ type: z.literal('detection'), result: DetectionResult }),
  /** The detector was busy: this event was not analysed (`dropped`: the total so far). */
  z.strictObject({ type: z.literal('detection-dropped'), camera: z.string(), event: z.string(), dropped: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('recording-export'), progress: ExportProgress }),
  z.strictObject({ type: z.literal('recording-alert'), alert: RecordingAlert }),
  /** Remote access changed (an address, a mapping, a relay, a test): the Remote access screen redraws. */
  z.strictObject({ type: z.literal('remote-status'), status: RemoteStatus }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

/** The WebSocket subprotocols of /api/events. */
export const EVENTS_PROTOCOL = 'vigil-events.v1';
export const TOKEN_PROTOCOL_PREFIX = 'vigil-token.';

/** A signed URL for one media path (GET only, that path only, until expiresAt). */
export const MediaLinkRequest = z.strictObject({ path: z.string().startsWith('/api/recordings/').max(512) });
export const MediaLink = z.strictObject({ url: z.string(), expiresAt: z.number() });
export type MediaLink = z.infer<typeof MediaLink>;

/** Per-camera storage: what it holds, its limits and when it fills at its recent write rate. */
export const CameraStorage = z.strictObject({
  camera: z.string(),
  bytes: z.number(),
  segments: z.number().int(),
  oldest: z.number().optional(),
  /** 0: no camera quota. */
  quotaBytes: z.number(),
  retentionDays: z.number(),
  /** Recent write rate (last hour of segments), bytes per day. */
  bytesPerDay: z.number(),
  /** Days until the camera quota is reached; absent when it never is (no quota, no writes, or age retention deletes first). */
  daysUntilQuota: z.number().optional(),
});
export type CameraStorage = z.infer<typeof CameraStorage>;

/** GET /api/recordings/storage: the recordings disk and the forecast of when it fills. */
export const StorageView = z.strictObject({
  root: z.string(),
  /** The recordings filesystem; absent when it cannot be read. */
  disk: z.strictObject({ total: z.number(), free: z.number() }).optional(),
  totalQuotaBytes: z.number(),
  minFreeBytes: z.number(),
  usedBytes: z.number(),
  bytesPerDay: z.number(),
  /** Days until the disk (down to the free-space guard) or the total quota is full, whichever first. */
  daysUntilFull: z.number().optional(),
  limitedBy: z.enum(['disk', 'total-quota']).optional(),
  cameras: z.array(CameraStorage),
});
export type StorageView = z.infer<typeof StorageView>;

/** POST /api/recordings/verify: the hash-chain check (kinds: engine/recording/README.md). */
export const VerifyReportView = z.object({
  ok: z.boolean(),
  verified: z.number().int(),
  entries: z.number().int(),
  problems: z.array(z.object({ kind: z.string(), path: z.string(), message: z.string() })),
  notes: z.array(z.string()),
});
export type VerifyReportView = z.infer<typeof VerifyReportView>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;
/** One line of the engine's log as kept in its in-memory ring (secrets masked). */
export const LogLine = z.strictObject({ seq: z.number().int(), at: z.number(), level: LogLevel, message: z.string() });
export type LogLine = z.infer<typeof LogLine>;
export const LogQuery = z.strictObject({ since: z.coerce.number().int().optional(), level: LogLevel.optional() });

/** GET /api/system: how the engine and its machine are doing. CPU figures are percentages. */
export const SystemView = z.strictObject({
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  hostname: z.string(),
  startedAt: z.number(),
  uptimeSeconds: z.strictObject({ engine: z.number(), machine: z.number() }),
  /** process: % of one core (can exceed 100 on several); machine: % of all cores. */
  cpu: z.strictObject({ process: z.number(), machine: z.number(), cores: z.number().int(), load1: z.number() }),
  memory: z.strictObject({ rss: z.number(), heapUsed: z.number(), total: z.number(), free: z.number() }),
  disk: z.strictObject({ path: z.string(), total: z.number(), free: z.number() }).optional(),
  cameras: z.array(z.strictObject({ id: z.string(), name: z.string(), state: CameraStateName, fps: z.number(), bitrateKbps: z.number(), viewers: z.number().int() })),
  /** Things the owner must act on (e.g. alerts held in memory because the disk is full); since = ms epoch. */
  problems: z.array(z.strictObject({ source: z.string(), message: z.string(), since: z.number() })).optional(),
});
export type SystemView = z.infer<typeof SystemView>;
