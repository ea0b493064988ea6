/**
 * The ONVIF routes of the control API (POST /api/onvif/discover, profiles and preview; bodies in
 * shared/src/onvif). A camera that refuses or cannot be reached is a normal reply (`ok: false`);
 * only a refused request (bad body, engine down) becomes an ApiRequestError.
 */
import type { PreviewRequestInput, ProfilesRequestInput } from '@vigil/shared/onvif';
import { routes } from '@vigil/shared/api/routes';
import { createCaller } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of the ONVIF routes over `connection` (the one the app's ApiClient uses). */
export function createOnvifClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  return {
    /** Probes the LAN for ONVIF cameras (takes `timeoutMs`, default 2.5 s). */
    discover: (timeoutMs?: number) => call(routes.onvifDiscover, {}, timeoutMs === undefined ? {} : { timeoutMs }),
    /** A camera's profiles and stream addresses, or why not. */
    profiles: (input: ProfilesRequestInput) => call(routes.onvifProfiles, {}, input),
    /** One picture from a stream (base64 JPEG), or why not. */
    preview: (input: PreviewRequestInput) => call(routes.onvifPreview, {}, input),
  };
}
export type OnvifClient = ReturnType<typeof createOnvifClient>;
