/**
 * Where the pieces sit relative to the bundled main (apps/streamer/dist-electron/main.mjs): the
 * preload beside it, the UI build in apps/streamer/dist, the engine's CLI in apps/streamer/bin.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute paths the streamer shell needs. */
export function streamerPaths(base: string | URL = import.meta.url): { preload: string; ui: string; engine: string; uiBuilt: boolean } {
  const ui = fileURLToPath(new URL('../dist/', base));
  return {
    preload: fileURLToPath(new URL('./preload.cjs', base)),
    ui,
    engine: fileURLToPath(new URL('../bin/vigil-streamer.js', base)),
    uiBuilt: existsSync(join(ui, 'index.html')),
  };
}

/** Shown when the streamer UI has not been built: no script, same CSP as any page. */
export function fallbackPage(csp: string, apiUrl: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escape(csp)}">
<title>Vigil Streamer</title></head>
<body style="font: 15px system-ui; margin: 3em; color: #ddd; background: #111318">
<h1>Vigil Streamer</h1>
<p>The engine runs in the background; its status is in the tray menu.</p>
<p>The streamer interface has not been built yet (apps/streamer/dist). The control API is at <code>${escape(apiUrl)}</code>.</p>
</body></html>`;
}
