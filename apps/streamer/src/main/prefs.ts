/** The streamer app's preferences and window bounds, in electron-store (validated by settings.ts). */
import type { IpcMain } from 'electron';
import Store from 'electron-store';
import type { Bounds } from '@vigil/shell/bounds';
import { PREFS_DEFAULTS, readPrefs, type Prefs } from './settings.ts';

/** The file's shape. */
export interface StreamerPrefs extends Prefs {
  window?: Bounds;
}

/** The store, with reads that always return valid preferences. */
export interface PrefsStore {
  get(): Prefs;
  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void;
  window(): unknown;
  saveWindow(bounds: Bounds): void;
}

/** Opens the preferences store. */
export function openPrefs(ipcMain: Pick<IpcMain, 'removeAllListeners'>): PrefsStore {
  const store = new Store<StreamerPrefs>({ name: 'vigil-streamer', defaults: { ...PREFS_DEFAULTS }, clearInvalidConfig: true });
  // electron-store answers 'electron-store-get-data' for any renderer (a renderer-side store we
  // never use); drop that unvalidated listener so main's only IPC is the checked contract.
  ipcMain.removeAllListeners('electron-store-get-data');
  return {
    get: () => readPrefs(store.store),
    set: (key, value) => store.set(key, value),
    window: () => store.get('window'),
    saveWindow: (bounds) => store.set('window', bounds),
  };
}
