// Builds the streamer UI into static files (dist/) that the engine serves on its control API and
// the Electron streamer loads from app://vigil.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${here}src/renderer`,
  // Relative asset URLs, so the same files load from http:// and from Electron's app://.
  base: './',
  publicDir: false,
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    target: 'chrome120',
    // No inline scripts or data: modules, which the page's CSP forbids.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1' },
});
