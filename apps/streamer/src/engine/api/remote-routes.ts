/** The remote-access routes of the control API: status, "test from outside", settings (TURN secrets write-only). */
import { RemoteSettingsPatch } from '@vigil/shared/remote';
import { describeIssues, issueLines } from '@vigil/shared/issues';
import type { RemoteAccessAdmin } from '../remote/admin.ts';
import { ApiFailure } from './errors.ts';
import { json, type RouteHandlers } from './route.ts';

/** Handlers over the remote-access admin; the body of PUT /api/remote/settings is checked here. */
export function remoteRoutes(admin: RemoteAccessAdmin): RouteHandlers<'remoteStatus' | 'testRemote' | 'remoteSettings' | 'saveRemoteSettings'> {
  return {
    remoteStatus: () => json(admin.status()),
    testRemote: async () => json(await admin.test()),
    remoteSettings: () => json(admin.settings()),
    saveRemoteSettings: async ({ body }) => {
      const patch = RemoteSettingsPatch.safeParse(await body());
      if (!patch.success) throw new ApiFailure('bad-request', `invalid remote access settings: ${describeIssues(patch.error)}`, issueLines(patch.error));
      return json(await admin.configure(patch.data));
    },
  };
}
