/**
 * Where the pieces sit relative to the bundled main (apps/streamer/dist-electron/main.mjs): the
 * preload beside it, the UI build in apps/streamer/dist. The engine is the bundled engine.mjs
 * beside main in a package (scripts/packaging), else the CLI in apps/streamer/bin (checkout).
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute paths the streamer shell needs. */
export interface StreamerPaths {
  preload: string;
  ui: string;
  /** The script the engine process runs, outside the asar (a child process runs real files). */
  engine: string;
  uiBuilt: boolean;
  /** Folder of the bundled ffmpeg, when there is one (added to the engine's PATH, last). */
  ffmpegDir: string | undefined;
  /** The tray icon (tray.png; Electron picks tray@2x.png beside it on HiDPI screens). */
  trayIcon: string | undefined;
}

/** The same path outside the asar archive: files listed in asarUnpack live in app.asar.unpacked. */
export function unpackedPath(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}

/** Resolves the streamer's paths from main's URL; `exists` is injectable for tests. */
export function streamerPaths(base: string | URL = import.meta.url, exists: (path: string) => boolean = existsSync, platform = `${process.platform}-${process.arch}`): StreamerPaths {
  const at = (relative: string) => fileURLToPath(new URL(relative, base));
  const ui = at('../dist/');
  const bundledEngine = unpackedPath(at('./engine.mjs'));
  const ffmpegDir = unpackedPath(at(`../../../node_modules/@ffmpeg-installer/${platform}`));
  const trayIcon = [at('./tray.png'), at('../../../resources/streamer/tray.png')].find(exists);
  return {
    preload: at('./preload.cjs'),
    ui,
    engine: exists(bundledEngine) ? bundledEngine : at('../bin/vigil-streamer.js'),
    uiBuilt: exists(join(ui, 'index.html')),
    ffmpegDir: exists(ffmpegDir) ? ffmpegDir : undefined,
    trayIcon,
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
