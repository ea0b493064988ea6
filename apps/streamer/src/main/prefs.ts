/** The streamer app's preferences and window bounds, in electron-store. */
import type { IpcMain } from 'electron';
import Store from 'electron-store';
import type { Bounds } from '../../../shell/src/bounds.ts';

/** The file's shape, each preference with its default in openPrefs(). */
export interface StreamerPrefs {
  window?: Bounds;
  /** Launch at login, hidden in the tray; default false. */
  startAtLogin: boolean;
  /** The engine's control API port; default 7480 (the engine's own default). */
  apiPort: number;
  /** Paused from the tray: stays paused across restarts of the app; default false. */
  paused: boolean;
}

/** Opens the preferences store. */
export function openPrefs(ipcMain: Pick<IpcMain, 'removeAllListeners'>): Store<StreamerPrefs> {
  const store = new Store<StreamerPrefs>({
    name: 'vigil-streamer',
    defaults: { startAtLogin: false, apiPort: 7480, paused: false },
    clearInvalidConfig: true,
  });
  // electron-store's unvalidated renderer listener: unused here, so removed (see viewer/store.ts).
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}
