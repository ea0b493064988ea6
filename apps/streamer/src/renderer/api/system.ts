/** The system routes of the control API: figures and the engine's recent log. */
import type { LogLevel } from '@vigil/shared/api';
import { routes } from '@vigil/shared/api/routes';
import { createCaller } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of GET /api/system and /api/system/logs. */
export function createSystemClient(connection: Connection, onUnauthorized: () => void) {
  const call = createCaller(connection, onUnauthorized);
  return {
    connection,
    view: () => call(routes.system, {}),
    /** Lines after `since` (a seq) at `level` or above. */
    logs: (since: number, level: LogLevel = 'debug') => call(routes.systemLogs, {}, undefined, { since, level }),
  };
}
export type SystemClient = ReturnType<typeof createSystemClient>;
