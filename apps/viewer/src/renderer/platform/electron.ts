/**
 * The viewer's platform inside Electron, over the preload's `window.vigil` bridge
 * (common/ipc.ts): storage encrypted with safeStorage, screen capture for QR codes shown on this
 * computer, and TLS key pins for the main process's certificate check.
 */
import type { ViewerBridge } from '../../common/ipc.ts';
import type { StorageKey } from '../../common/persisted.ts';
import type { Platform, RgbaFrame } from '../../common/platform.ts';

/** The bridge, when the page runs in the Electron viewer. */
export function electronBridge(): ViewerBridge | undefined {
  const bridge = (window as { vigil?: ViewerBridge }).vigil;
  return bridge?.platform === 'electron' ? bridge : undefined;
}

/** The Electron platform over `bridge`. */
export function createElectronPlatform(bridge: ViewerBridge): Platform {
  return {
    kind: 'electron',
    storage: {
      async load(key: StorageKey) {
        const text = await bridge.secrets.get(key);
        return text === null ? undefined : (JSON.parse(text) as unknown);
      },
      save: (key: StorageKey, value: unknown) => bridge.secrets.set(key, JSON.stringify(value)),
    },
    captureScreen: async () => decodePng(await bridge.screen.capture()),
    setPins: async (pins) => void (await bridge.pins.set(pins)),
  };
}

/** Decodes the capture's PNG data URL into RGBA pixels (an <img>: CSP allows data: images only). */
async function decodePng(capture: { dataUrl: string; width: number; height: number }): Promise<RgbaFrame> {
  const img = new Image();
  img.src = capture.dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(img, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { data, width, height };
}
