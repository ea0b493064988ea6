// Builds the viewer UI into static files (dist/) that any Chromium or Electron window can load.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${here}src/renderer`,
  // Relative asset URLs, so the same files load from http:// and from Electron's file:// or app://.
  base: './',
  // Copied as is: the web app manifest, its icons and the service worker (fixed names: the
  // manifest and the worker's scope are found by name, not through the bundle).
  publicDir: `${here}public`,
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
