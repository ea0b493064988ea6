/**
 * The viewer's electron-store file: window bounds, key pins (public data) and the encrypted
 * secrets record (base64 safeStorage ciphertexts, never plain text).
 */
import type { IpcMain } from 'electron';
import Store from 'electron-store';
import { z } from 'zod';
import type { PinValue } from '../common/ipc.ts';
import type { Bounds } from '@vigil/shell/bounds';
import type { CipherRecord } from './secrets.ts';

/** The file's shape. */
export interface ViewerStoreData {
  window?: Bounds;
  pins: PinValue[];
  secrets: Record<string, string>;
}

/** Opens the store. */
export function openViewerStore(ipcMain: Pick<IpcMain, 'removeAllListeners'>): Store<ViewerStoreData> {
  const store = new Store<ViewerStoreData>({ name: 'vigil-viewer', defaults: { pins: [], secrets: {} }, clearInvalidConfig: true });
  // electron-store answers 'electron-store-get-data' for any renderer (a renderer-side store we
  // never use); drop that unvalidated listener so main's only IPC is the checked contract.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}

const CipherRecordSchema = z.record(z.string(), z.string());

/** The secrets record inside the store. */
export function cipherRecord(store: Store<ViewerStoreData>): CipherRecord {
  return {
    // The file may have been edited by hand: anything but a record of strings reads as empty.
    load: () => CipherRecordSchema.catch({}).parse(store.get('secrets')),
    save: (record) => store.set('secrets', record),
  };
}
