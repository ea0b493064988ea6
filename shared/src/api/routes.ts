/**
 * The control API's route table: every route's method, path, success status and the shared
 * schemas of its body and reply. The engine's modules implement routes by these names
 * (apps/streamer/src/engine/<area>/routes), the server matches requests against these paths,
 * and the streamer UI's client builds its requests from them, so a path is written once.
 *
 * Paths name parameters `:name` (one path segment); `params` narrows one to a pattern.
 */
import { z } from 'zod';
import { AlertModeRequest, AlertsConfigInput, AlertsView, ChannelView, DeliveryList, RetryRequest } from '../alerts/index.ts';
import { CameraConfig } from '../config/camera.ts';
import { DiscoverRequest, DiscoverResult, PreviewRequest, PreviewResult, ProfilesRequest, ProfilesResult } from '../onvif/index.ts';
import { ExportRequest, RecordingSegmentView } from '../recording/index.ts';
import { RemoteSettingsPatch, RemoteSettingsView, RemoteStatus, RemoteTest } from '../remote/index.ts';
import { CameraView, LogLine, MediaLink, MediaLinkRequest, PairedViewerView, PairingOfferView, RenameViewer, SessionView, StorageView, SystemView, UsbDevice, VerifyReportView } from './control.ts';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route: how it is called and what it answers. */
export interface RouteSpec {
  method: RouteMethod;
  /** The path, parameters as `:name`. */
  path: string;
  /** The status of a successful reply; default 200 (204 replies carry no body). */
  status?: number;
  /** A parameter's pattern (regular-expression source) when it is narrower than one segment. */
  params?: Readonly<Record<string, string>>;
  /** The body's schema (the engine validates it with its own messages). */
  request?: z.ZodType;
  /** The JSON reply's schema; absent for 204 and for files. */
  response?: z.ZodType;
}

/** Body of POST /api/cameras/:id/webrtc: the page's complete offer (gathering done, as in WHEP). */
export const PreviewOffer = z.strictObject({ sdp: z.string().min(1).max(32 * 1024), substream: z.boolean().optional() });
/** Reply of POST /api/cameras/:id/webrtc. */
export const PreviewAnswer = z.object({ sessionId: z.string(), sdp: z.string() });
/** Reply of POST /api/recordings/export: progress follows as `recording-export` events. */
export const ExportStarted = z.object({ id: z.string() });

/** Every route of the control API but /healthz, the event socket (/api/events) and the UI's static files. */
export const routes = {
  // cameras (engine/cameras.ts)
  listCameras: { method: 'GET', path: '/api/cameras', response: z.array(CameraView) },
  addCamera: { method: 'POST', path: '/api/cameras', status: 201, request: CameraConfig, response: CameraView },
  updateCamera: { method: 'PUT', path: '/api/cameras/:id', request: CameraConfig, response: CameraView },
  removeCamera: { method: 'DELETE', path: '/api/cameras/:id', status: 204 },
  listDevices: { method: 'GET', path: '/api/devices', response: z.array(UsbDevice) },
  // previews and live sessions (engine/previews.ts)
  openPreview: { method: 'POST', path: '/api/cameras/:id/webrtc', status: 201, request: PreviewOffer, response: PreviewAnswer },
  listSessions: { method: 'GET', path: '/api/sessions', response: z.array(SessionView) },
  closeSession: { method: 'DELETE', path: '/api/sessions/:id', status: 204 },
  // pairing and viewers (engine/viewers-admin.ts)
  createPairingOffer: { method: 'POST', path: '/api/pairing/offers', status: 201, response: PairingOfferView },
  listViewers: { method: 'GET', path: '/api/viewers', response: z.array(PairedViewerView) },
  renameViewer: { method: 'PATCH', path: '/api/viewers/:id', request: RenameViewer, response: PairedViewerView },
  revokeViewer: { method: 'DELETE', path: '/api/viewers/:id', status: 204 },
  // recordings (engine/recordings-admin.ts); list takes ?camera&from&to
  listRecordings: { method: 'GET', path: '/api/recordings', response: z.array(RecordingSegmentView) },
  recordingUsage: { method: 'GET', path: '/api/recordings/usage' },
  startExport: { method: 'POST', path: '/api/recordings/export', status: 202, request: ExportRequest, response: ExportStarted },
  exportClip: { method: 'GET', path: '/api/recordings/exports/:id/clip.mp4' },
  verifyRecordings: { method: 'POST', path: '/api/recordings/verify', response: VerifyReportView },
  segment: { method: 'GET', path: '/api/recordings/segments/:camera/:file' },
  thumbnail: { method: 'GET', path: '/api/recordings/thumbnails/:camera/:file', params: { file: '[^/]+\\.mp4' } },
  storage: { method: 'GET', path: '/api/recordings/storage', response: StorageView },
  mediaLink: { method: 'POST', path: '/api/recordings/links', status: 201, request: MediaLinkRequest, response: MediaLink },
  // system (engine/system); logs take ?since&level
  system: { method: 'GET', path: '/api/system', response: SystemView },
  systemLogs: { method: 'GET', path: '/api/system/logs', response: z.array(LogLine) },
  // health (engine/health): the full integrity check of every recording, on demand; alerts what it finds
  checkIntegrity: { method: 'POST', path: '/api/system/integrity', response: VerifyReportView },
  metrics: { method: 'GET', path: '/metrics' },
  // alerts (engine/alerts-admin.ts)
  getAlerts: { method: 'GET', path: '/api/alerts', response: AlertsView },
  saveAlerts: { method: 'PUT', path: '/api/alerts', request: AlertsConfigInput, response: AlertsView },
  setAlertMode: { method: 'PUT', path: '/api/alerts/mode', request: AlertModeRequest, response: AlertsView },
  testAlertChannel: { method: 'POST', path: '/api/alerts/channels/:id/test', response: ChannelView },
  listOutbox: { method: 'GET', path: '/api/alerts/outbox', response: DeliveryList },
  retryOutbox: { method: 'POST', path: '/api/alerts/outbox/retry', status: 204, request: RetryRequest },
  // ONVIF (engine/onvif)
  onvifDiscover: { method: 'POST', path: '/api/onvif/discover', request: DiscoverRequest, response: DiscoverResult },
  onvifProfiles: { method: 'POST', path: '/api/onvif/profiles', request: ProfilesRequest, response: ProfilesResult },
  onvifPreview: { method: 'POST', path: '/api/onvif/preview', request: PreviewRequest, response: PreviewResult },
  // remote access (engine/api/remote-routes.ts)
  remoteStatus: { method: 'GET', path: '/api/remote', response: RemoteStatus },
  testRemote: { method: 'POST', path: '/api/remote/test', response: RemoteTest },
  remoteSettings: { method: 'GET', path: '/api/remote/settings', response: RemoteSettingsView },
  saveRemoteSettings: { method: 'PUT', path: '/api/remote/settings', request: RemoteSettingsPatch, response: RemoteStatus },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** The names of a path's parameters, in order: `'/a/:id/b/:file'` → `'id' | 'file'`. */
export type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamsOf<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

/** A route's path with its parameters filled in (each %-escaped), and an optional query. */
export function pathOf<S extends RouteSpec>(spec: S, params: Record<ParamsOf<S['path']>, string>, query?: Record<string, string | number>): string {
  const values = params as Record<string, string>;
  const path = spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  if (!query) return path;
  return `${path}?${Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/** A regular expression matching a route's path, one capture group per parameter in order. */
export function patternOf(spec: RouteSpec): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = spec.path
    .split(/(:[A-Za-z]+)/)
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const name = part.slice(1);
      names.push(name);
      return `(${spec.params?.[name] ?? '[^/]+'})`;
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}
