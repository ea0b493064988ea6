/**
 * The recordings routes of the control API (shared/src/api/routes.ts), with the
 * same errors as createApiClient. Media elements cannot send the admin token, so `mediaUrl`
 * asks the engine for a short-lived signed URL of one segment or clip.
 */
import { pathOf, routes } from '@vigil/shared/api/routes';
import { createCaller } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of the recordings routes. */
export function createRecordingsClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  /** GET with the token into an object URL; fails like any request. */
  const objectUrl = async (path: string): Promise<string> => {
    const res = await fetch(connection.apiUrl + path, { headers: { authorization: `Bearer ${connection.token}` } });
    if (!res.ok) throw new Error(`The engine answered ${res.status} for ${path}.`);
    return URL.createObjectURL(await res.blob());
  };
  return {
    connection,
    list: (camera: string, from: number, to: number) => call(routes.listRecordings, {}, undefined, { camera, from, to }),
    storage: () => call(routes.storage, {}),
    startExport: (camera: string, from: number, to: number) => call(routes.startExport, {}, { camera, from, to }),
    verify: (camera: string) => call(routes.verifyRecordings, {}, { camera }),
    /** A segment's thumbnail as an object URL (fetched with the token: works under any img-src). */
    async thumbnail(camera: string, file: string): Promise<string | undefined> {
      return objectUrl(pathOf(routes.thumbnail, { camera, file })).catch(() => undefined);
    },
    /**
     * A URL a <video> can play: the signed link when the page shares the API's origin (streamed
     * with Range); otherwise (Electron's app:// page, whose CSP allows media only from itself and
     * blob:) the whole file fetched with the token into an object URL. Revoke blob: URLs when done.
     */
    async playableUrl(path: string): Promise<string> {
      if (new URL(connection.apiUrl).origin === location.origin) return this.mediaUrl(path);
      return objectUrl(path);
    },
    /** An absolute signed URL for a media path (segment or export clip). */
    async mediaUrl(path: string): Promise<string> {
      const link = await call(routes.mediaLink, {}, { path });
      return connection.apiUrl + link.url;
    },
  };
}
export type RecordingsClient = ReturnType<typeof createRecordingsClient>;

/** The API path of a camera's segment file. */
export const segmentPath = (camera: string, file: string) => pathOf(routes.segment, { camera, file });
/** The API path of a finished export's clip. */
export const clipPath = (exportId: string) => pathOf(routes.exportClip, { id: exportId });
