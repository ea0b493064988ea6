/**
 * The engine's control API (HTTP + WebSocket) as the streamer UI and scripts see it. Requests are
 * validated by the engine with these schemas; responses and events are typed by them.
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
 *   PATCH  /api/viewers/:id          { name } → PairedViewerView
 *   DELETE /api/viewers/:id          204 (revoked; its live sessions end at once)
 *   WS     /api/events               EngineEvent stream
 *   GET    /api/recordings?camera&from&to   RecordingSegmentView[] (with event marks)
 *   GET    /api/recordings/usage     RecordingUsage[]
 *   POST   /api/recordings/export    ExportRequest → 202 { id }; `recording-export` events follow
 *   GET    /api/recordings/exports/:id/clip.mp4   the exported clip
 *   POST   /api/recordings/verify    { camera } → VerifyReport (hash chain, offline check)
 *   GET    /api/alerts               AlertsView (channels without secrets, rules, schedule)
 *   PUT    /api/alerts               AlertsConfigInput → AlertsView (omitted secrets are kept)
 *   PUT    /api/alerts/mode          { mode } → AlertsView
 *   POST   /api/alerts/channels/:id/test   ChannelView (200 even when the send failed: see state)
 *   GET    /api/alerts/outbox        DeliveryState[]
 *   POST   /api/alerts/outbox/retry  { channel? } → 204
 *   GET    /*                        the streamer UI (static files, no token)
 * Auth: `Authorization: Bearer <admin token>`; browsers' WebSockets send the token as the
 * subprotocol `vigil-token.<token>` next to `vigil-events.v1`.
 */
import { z } from 'zod';
import { DeliveryState } from '../alerts/delivery.ts';
import { MotionTransition } from '../motion/events.ts';
import { ExportProgress, RecordingAlert } from '../recording/api.ts';
import { CameraConfig, CameraState } from '../config/camera.ts';

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

export const UsbDevice = z.strictObject({ id: z.string(), name: z.string() });
export type UsbDevice = z.infer<typeof UsbDevice>;

export const PairingOfferView = z.strictObject({
  uri: z.string(),
  expiresAt: z.number(),
  /** The QR code as an SVG document (error correction L). */
  qrSvg: z.string(),
});
export type PairingOfferView = z.infer<typeof PairingOfferView>;

export const PairedViewerView = z.strictObject({ id: z.string(), name: z.string(), pairedAt: z.number(), lastSeen: z.number().optional() });
export type PairedViewerView = z.infer<typeof PairedViewerView>;
export const RenameViewer = z.strictObject({ name: z.string().trim().min(1).max(80) });

export const ApiErrorCode = z.enum(['bad-request', 'unauthorized', 'not-found', 'conflict', 'too-large', 'internal']);
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
  z.strictObject({ type: z.literal('alert-delivery'), state: DeliveryState }),
  z.strictObject({ type: z.literal('motion'), transition: MotionTransition }),
  z.strictObject({ type: z.literal('recording-export'), progress: ExportProgress }),
  z.strictObject({ type: z.literal('recording-alert'), alert: RecordingAlert }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

/** The WebSocket subprotocols of /api/events. */
export const EVENTS_PROTOCOL = 'vigil-events.v1';
export const TOKEN_PROTOCOL_PREFIX = 'vigil-token.';
