// Builds the streamer UI into static files (dist/) that the engine serves on its control API and
// the Electron streamer loads from app://vigil.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// `vite --config apps/streamer/vite.config.ts` (dev): the page talks to its own origin only, so
// /api is proxied to the engine, named as the engine knows itself (Host and Origin are checked).
const engine = process.env.VIGIL_API ?? 'http://127.0.0.1:7480';

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
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': {
        target: engine,
        changeOrigin: true,
        ws: true,
        configure: (proxy) => proxy.on('proxyReqWs', (req) => req.setHeader('origin', engine)),
      },
    },
  },
});
