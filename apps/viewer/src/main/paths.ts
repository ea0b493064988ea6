/**
 * Where the built pieces sit, relative to the bundled main (apps/viewer/dist-electron/main.mjs):
 * the preload beside it, the UI in apps/viewer/dist (vite build).
 */
import { fileURLToPath } from 'node:url';

/** Absolute paths of the preload bundle and the UI folder. */
export function viewerPaths(base: string | URL = import.meta.url): { preload: string; ui: string } {
  return {
    preload: fileURLToPath(new URL('./preload.cjs', base)),
    ui: fileURLToPath(new URL('../dist/', base)),
  };
}
