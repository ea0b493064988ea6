/**
 * The control API over fetch (routes: shared/src/api/control.ts). Replies are validated with the
 * shared schemas; failures become ApiRequestError with the engine's code, message and issues.
 */
import { z } from 'zod';
import { ApiError, CameraView, PairedViewerView, PairingOfferView, SessionView, UsbDevice } from '@vigil/shared/api';
import type { CameraConfigInput } from '@vigil/shared/config';
import { AlertsView, ChannelView, DeliveryList, type AlertsConfigInput, type ArmMode } from '@vigil/shared/alerts';
import type { Connection } from './connection.ts';

/** A refused or failed request, in the engine's terms. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
  }
}

const PreviewAnswer = z.object({ sessionId: z.string(), sdp: z.string() });

/** One authenticated request to the control API, validated with `schema`; errors become ApiRequestError. */
export function createRequester(connection: Connection, onUnauthorized: () => void) {
  return async function request<T>(method: string, path: string, schema: z.ZodType<T> | undefined, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(connection.apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${connection.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiRequestError(0, 'offline', 'The streamer engine does not answer. Is it still running?');
    }
    if (res.status === 401) onUnauthorized();
    if (!res.ok) {
      const parsed = ApiError.safeParse(await res.json().catch(() => undefined));
      if (parsed.success) throw new ApiRequestError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.issues);
      throw new ApiRequestError(res.status, 'internal', `The engine answered ${res.status} ${res.statusText}.`);
    }
    if (!schema) return undefined as T;
    return schema.parse(await res.json());
  };
}

/** A typed client for one engine. `onUnauthorized` runs when the token is refused. */
export function createApiClient(connection: Connection, onUnauthorized: () => void) {
  const request = createRequester(connection, onUnauthorized);
  const id = encodeURIComponent;

  return {
    connection,
    listCameras: () => request('GET', '/api/cameras', z.array(CameraView)),
    addCamera: (config: CameraConfigInput) => request('POST', '/api/cameras', CameraView, config),
    updateCamera: (cameraId: string, config: CameraConfigInput) => request('PUT', `/api/cameras/${id(cameraId)}`, CameraView, config),
    removeCamera: (cameraId: string) => request('DELETE', `/api/cameras/${id(cameraId)}`, undefined),
    listDevices: () => request('GET', '/api/devices', z.array(UsbDevice)),
    listSessions: () => request('GET', '/api/sessions', z.array(SessionView)),
    closeSession: (sessionId: string) => request('DELETE', `/api/sessions/${id(sessionId)}`, undefined),
    openPreview: (cameraId: string, sdp: string, substream?: boolean) =>
      request('POST', `/api/cameras/${id(cameraId)}/webrtc`, PreviewAnswer, { sdp, ...(substream ? { substream } : {}) }),
    createPairingOffer: () => request('POST', '/api/pairing/offers', PairingOfferView),
    listViewers: () => request('GET', '/api/viewers', z.array(PairedViewerView)),
    renameViewer: (viewerId: string, name: string) => request('PATCH', `/api/viewers/${id(viewerId)}`, PairedViewerView, { name }),
    revokeViewer: (viewerId: string) => request('DELETE', `/api/viewers/${id(viewerId)}`, undefined),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** The alerts routes (GET/PUT /api/alerts, mode, channel test, outbox), with the same errors as createApiClient. */
export function createAlertsClient(connection: Connection, onUnauthorized: () => void) {
  const request = createRequester(connection, onUnauthorized);
  return {
    connection,
    getAlerts: () => request('GET', '/api/alerts', AlertsView),
    saveAlerts: (config: AlertsConfigInput) => request('PUT', '/api/alerts', AlertsView, config),
    setAlertMode: (mode: ArmMode) => request('PUT', '/api/alerts/mode', AlertsView, { mode }),
    testAlertChannel: (channelId: string) => request('POST', `/api/alerts/channels/${encodeURIComponent(channelId)}/test`, ChannelView),
    listOutbox: () => request('GET', '/api/alerts/outbox', DeliveryList),
    retryOutbox: (channel?: string) => request('POST', '/api/alerts/outbox/retry', undefined, channel ? { channel } : {}),
  };
}
export type AlertsClient = ReturnType<typeof createAlertsClient>;
