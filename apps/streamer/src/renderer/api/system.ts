/** The system routes of the control API: figures and the engine's recent log. */
import { z } from 'zod';
import { LogLine, SystemView, type LogLevel } from '@vigil/shared/api';
import { createRequester } from './client.ts';
import type { Connection } from './connection.ts';

/** A typed client of GET /api/system and /api/system/logs. */
export function createSystemClient(connection: Connection, onUnauthorized: () => void) {
  const request = createRequester(connection, onUnauthorized);
  return {
    connection,
    view: () => request('GET', '/api/system', SystemView),
    /** Lines after `since` (a seq) at `level` or above. */
    logs: (since: number, level: LogLevel = 'debug') => request('GET', `/api/system/logs?since=${since}&level=${level}`, z.array(LogLine)),
  };
}
export type SystemClient = ReturnType<typeof createSystemClient>;
