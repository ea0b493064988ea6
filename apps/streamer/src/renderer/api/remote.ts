/** The remote-access routes of the control API: status, "test from outside", settings. */
import { routes } from '@vigil/shared/api/routes';
import type { RemoteSettingsPatch } from '@vigil/shared/remote';
import { createCaller } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of /api/remote…, with the same errors as createApiClient. */
export function createRemoteClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  return {
    status: () => call(routes.remoteStatus, {}),
    test: () => call(routes.testRemote, {}),
    settings: () => call(routes.remoteSettings, {}),
    save: (patch: RemoteSettingsPatch) => call(routes.saveRemoteSettings, {}, patch),
  };
}
export type RemoteClient = ReturnType<typeof createRemoteClient>;
