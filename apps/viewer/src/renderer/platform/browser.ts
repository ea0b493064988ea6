/**
 * The viewer's platform in a plain browser.
 *
 * Storage is IndexedDB: it survives reloads but is NOT encrypted at rest. Any program running as
 * the same OS user (or anyone with the disk) can read the pairing tokens and, later, the viewer's
 * credentials. The Electron build keeps these with safeStorage (OS keychain) instead; a browser
 * offers nothing equivalent, so the browser viewer suits trusted machines only.
 *
 * No screen capture here: reading a QR code shown on this computer's own screen needs Electron's
 * desktopCapturer (getDisplayMedia would prompt for a window each time).
 */
import type { StorageKey } from '../../common/persisted.ts';
import { createMemoryStorage, type Platform, type ViewerStorage } from '../../common/platform.ts';

const DB_NAME = 'vigil-viewer';
const STORE = 'state';

/** The browser platform; falls back to memory when IndexedDB is unavailable (private mode). */
export function createBrowserPlatform(): Platform {
  return { kind: 'browser', storage: createIndexedDbStorage() };
}

/** Key-value storage in one IndexedDB object store; values are structured-cloned JSON. */
export function createIndexedDbStorage(name = DB_NAME): ViewerStorage {
  let db: Promise<IDBDatabase> | undefined;
  const fallback = createMemoryStorage();
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
    }));
  const run = <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>) =>
    open().then(
      (database) =>
        new Promise<T>((resolve, reject) => {
          const tx = database.transaction(STORE, mode);
          const request = body(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(request.result);
          tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        }),
    );
  return {
    async load(key: StorageKey) {
      try {
        return await run('readonly', (s) => s.get(key));
      } catch {
        return fallback.load(key);
      }
    },
    async save(key: StorageKey, value: unknown) {
      // A JSON round trip drops anything that is not plain data before it reaches the database.
      const plain = JSON.parse(JSON.stringify(value)) as unknown;
      try {
        await run('readwrite', (s) => s.put(plain, key));
      } catch {
        await fallback.save(key, plain);
      }
    },
  };
}
