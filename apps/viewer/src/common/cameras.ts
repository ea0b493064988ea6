/**
 * The streamer call that lists cameras: `request {"method":"cameras"}` answered by a `response`
 * whose payload is `{"cameras":[{id,name,state,site?}]}` or `{"error":"…"}`. Engines from before
 * sites send no `site`; a site this viewer cannot read leaves the camera without one.
 */
import { z } from 'zod';
import { CameraSite } from '@vigil/shared/config';
import type { CameraInfo } from './streamers.ts';

/** Payload of the request that lists a streamer's cameras. */
export const CAMERAS_REQUEST = JSON.stringify({ method: 'cameras' });

const CamerasResponse = z.union([
  z.object({ cameras: z.array(z.object({ id: z.string().min(1).max(64), name: z.string().max(128), state: z.string().max(32), site: CameraSite.optional().catch(undefined) })).max(256) }),
  z.object({ error: z.string().max(512) }),
]);

/** Reads the response payload; every failure is a sentence for the UI. */
export function parseCamerasResponse(payload: string): { ok: true; cameras: CameraInfo[] } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, error: 'the streamer sent a reply that is not JSON' };
  }
  const parsed = CamerasResponse.safeParse(value);
  if (!parsed.success) return { ok: false, error: 'the streamer sent a camera list this viewer does not understand' };
  if ('error' in parsed.data) return { ok: false, error: parsed.data.error };
  return { ok: true, cameras: parsed.data.cameras.map((c) => ({ id: c.id, name: c.name || c.id, state: c.state, ...(c.site ? { site: c.site } : {}) })) };
}
