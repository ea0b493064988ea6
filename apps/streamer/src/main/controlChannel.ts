/**
 * IPC: control:connection. The UI needs the engine's admin token to use the control API; the
 * token stays in its 0600 file until the app's own window (sender-checked) asks for it.
 */
import { readFile } from 'node:fs/promises';
import { handleChannel, type IpcGuard } from '@vigil/shell/ipc';
import { streamerIpc, type ControlConnectionValue } from '../common/ipc.ts';

/** Reads the token file afresh (the engine creates it on first run, possibly after the app). */
export async function readControlConnection(apiUrl: string, tokenFile: string): Promise<ControlConnectionValue> {
  const token = (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new Error('the engine has not created its admin token yet; wait for it to start');
  return { apiUrl, token };
}

/** Registers the control channel. */
export function install(guard: IpcGuard, apiUrl: string, tokenFile: string): void {
  handleChannel(guard, streamerIpc.controlConnection, () => readControlConnection(apiUrl, tokenFile));
}
