/**
 * The ONVIF routes of the control API (POST /api/onvif/discover, profiles and preview; bodies in
 * shared/src/onvif). A camera that refuses or cannot be reached is a normal reply (`ok: false`);
 * only a refused request (bad body, engine down) becomes an ApiRequestError.
 */
import type { z } from 'zod';
import { ApiError } from '@vigil/shared/api';
import { DiscoverResult, PreviewResult, ProfilesResult, type PreviewRequestInput, type ProfilesRequestInput } from '@vigil/shared/onvif';
import { ApiRequestError } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of the ONVIF routes over `connection` (the one the app's ApiClient uses). */
export function createOnvifClient(connection: Connection) {
  // TODO(lead): share client.ts's request function once it is exported, as the alerts client does.
  async function post<T>(path: string, schema: z.ZodType<T>, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(connection.apiUrl + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiRequestError(0, 'offline', 'The streamer engine does not answer. Is it still running?');
    }
    if (!res.ok) {
      const parsed = ApiError.safeParse(await res.json().catch(() => undefined));
      if (parsed.success) throw new ApiRequestError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.issues);
      throw new ApiRequestError(res.status, 'internal', `The engine answered ${res.status} ${res.statusText}.`);
    }
    return schema.parse(await res.json());
  }
  return {
    /** Probes the LAN for ONVIF cameras (takes `timeoutMs`, default 2.5 s). */
    discover: (timeoutMs?: number) => post('/api/onvif/discover', DiscoverResult, timeoutMs === undefined ? {} : { timeoutMs }),
    /** A camera's profiles and stream addresses, or why not. */
    profiles: (request: ProfilesRequestInput) => post('/api/onvif/profiles', ProfilesResult, request),
    /** One picture from a stream (base64 JPEG), or why not. */
    preview: (request: PreviewRequestInput) => post('/api/onvif/preview', PreviewResult, request),
  };
}
export type OnvifClient = ReturnType<typeof createOnvifClient>;
