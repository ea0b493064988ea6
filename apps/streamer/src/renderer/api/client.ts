/**
 * The control API over fetch. Paths, methods and reply schemas come from the shared route table
 * (@vigil/shared/api/routes), the one the engine serves; replies are validated with those
 * schemas, and failures become ApiRequestError with the engine's code, message and issues.
 */
import type { z } from 'zod';
import { ApiError } from '@vigil/shared/api';
import { pathOf, routes, type ParamsOf, type RouteSpec } from '@vigil/shared/api/routes';
import type { CameraConfigInput } from '@vigil/shared/config';
import type { AlertsConfigInput, ArmMode } from '@vigil/shared/alerts';
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

/** What a route answers: its reply schema's type, nothing for a 204. */
type ReplyOf<S extends RouteSpec> = S extends { response: infer R extends z.ZodType } ? z.infer<R> : void;

/** Calls routes of the shared table: `call(routes.x, params, body?, query?)`, typed by the route. */
export function createCaller(connection: Connection, onUnauthorized: () => void) {
  const request = createRequester(connection, onUnauthorized);
  return <S extends RouteSpec>(spec: S, params: Record<ParamsOf<S['path']>, string>, body?: unknown, query?: Record<string, string | number>): Promise<ReplyOf<S>> =>
    request(spec.method, pathOf(spec, params, query), spec.response as z.ZodType<ReplyOf<S>> | undefined, body);
}

/** A typed client for one engine. `onUnauthorized` runs when the token is refused. */
export function createApiClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  return {
    connection,
    listCameras: () => call(routes.listCameras, {}),
    addCamera: (config: CameraConfigInput) => call(routes.addCamera, {}, config),
    updateCamera: (cameraId: string, config: CameraConfigInput) => call(routes.updateCamera, { id: cameraId }, config),
    removeCamera: (cameraId: string) => call(routes.removeCamera, { id: cameraId }),
    listDevices: () => call(routes.listDevices, {}),
    listSessions: () => call(routes.listSessions, {}),
    closeSession: (sessionId: string) => call(routes.closeSession, { id: sessionId }),
    openPreview: (cameraId: string, sdp: string, substream?: boolean) => call(routes.openPreview, { id: cameraId }, { sdp, ...(substream ? { substream } : {}) }),
    createPairingOffer: () => call(routes.createPairingOffer, {}),
    listViewers: () => call(routes.listViewers, {}),
    renameViewer: (viewerId: string, name: string) => call(routes.renameViewer, { id: viewerId }, { name }),
    /** Grants or withdraws a viewer's permission to talk through the cameras' speakers. */
    setViewerTalk: (viewerId: string, talk: boolean) => call(routes.renameViewer, { id: viewerId }, { talk }),
    revokeViewer: (viewerId: string) => call(routes.revokeViewer, { id: viewerId }),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** The alerts routes (GET/PUT /api/alerts, mode, channel test, outbox), with the same errors as createApiClient. */
export function createAlertsClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  return {
    connection,
    getAlerts: () => call(routes.getAlerts, {}),
    saveAlerts: (config: AlertsConfigInput) => call(routes.saveAlerts, {}, config),
    setAlertMode: (mode: ArmMode) => call(routes.setAlertMode, {}, { mode }),
    testAlertChannel: (channelId: string) => call(routes.testAlertChannel, { id: channelId }),
    listOutbox: () => call(routes.listOutbox, {}),
    retryOutbox: (channel?: string) => call(routes.retryOutbox, {}, channel ? { channel } : {}),
  };
}
export type AlertsClient = ReturnType<typeof createAlertsClient>;
