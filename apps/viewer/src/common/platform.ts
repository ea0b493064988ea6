/**
 * What the viewer needs from the environment it runs in. The browser implementation lives in
 * renderer/platform/browser.ts; Electron's (safeStorage, desktopCapturer) will come through the
 * preload API with the same shape.
 */
import { routesOf, type SignalingRoute } from '@vigil/shared/pairing';
import type { StorageKey } from './persisted.ts';

/** Persistent key-value storage of the viewer's own data (JSON values). */
export interface ViewerStorage {
  /** The saved value, or undefined when none was saved. */
  load(key: StorageKey): Promise<unknown>;
  save(key: StorageKey, value: unknown): Promise<void>;
}

/** An RGBA picture (4 bytes per pixel), e.g. for QR decoding. */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface Platform {
  /** 'browser' or 'electron', for wording in the UI (e.g. how secrets are kept). */
  readonly kind: 'browser' | 'electron';
  readonly storage: ViewerStorage;
  /** Grabs the screen (to read a QR code shown on this computer); absent in a plain browser. */
  captureScreen?(): Promise<RgbaFrame>;
  /**
   * Tells the platform which TLS key pins to accept for which wss:// signalling URLs (Electron
   * checks certificates against them); absent in a browser, where the person accepts the
   * self-signed certificate once.
   */
  setPins?(pins: SignalingPin[]): Promise<void>;
}

/** The TLS key pin of one route to a paired streamer's signalling (the route's fingerprint). */
export interface SignalingPin {
  url: string;
  pin: string;
}

/**
 * The pins of a list of streamers (or pairing offers): one per wss:// route with a fingerprint,
 * each route pinned by its own. A relay route without one is left to the system's CAs.
 */
export function pinsOf(streamers: readonly { url: string; fingerprint?: string; routes?: SignalingRoute[] }[]): SignalingPin[] {
  const pins = new Map<string, SignalingPin>();
  for (const { url, fingerprint } of streamers.flatMap((s) => routesOf(s))) {
    if (url.startsWith('wss://') && fingerprint) pins.set(`${url} ${fingerprint}`, { url, pin: fingerprint });
  }
  return [...pins.values()];
}

/** Storage in memory, for tests and as a fallback when persistent storage is unavailable. */
export function createMemoryStorage(initial: Partial<Record<StorageKey, unknown>> = {}): ViewerStorage {
  const data = new Map<StorageKey, string>();
  for (const [key, value] of Object.entries(initial)) data.set(key as StorageKey, JSON.stringify(value));
  return {
    load: async (key) => {
      const text = data.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    save: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
  };
}
