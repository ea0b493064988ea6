import { describe, expect, it } from 'vitest';
import { streamerPaths, unpackedPath } from './paths.ts';

const PACKAGED = 'file:///opt/Vigil%20Streamer/resources/app.asar/apps/streamer/dist-electron/main.mjs';
const ASAR = '/opt/Vigil Streamer/resources/app.asar';
const UNPACKED = '/opt/Vigil Streamer/resources/app.asar.unpacked';

describe('streamerPaths', () => {
  it('in a package: the bundled engine and ffmpeg outside the asar, the rest inside', () => {
    const files = new Set([
      `${UNPACKED}/apps/streamer/dist-electron/engine.mjs`,
      `${UNPACKED}/node_modules/@ffmpeg-installer/linux-x64`,
      `${ASAR}/apps/streamer/dist-electron/tray.png`,
      `${ASAR}/apps/streamer/dist/index.html`,
    ]);
    const paths = streamerPaths(PACKAGED, (p) => files.has(p), 'linux-x64');
    expect(paths).toEqual({
      preload: `${ASAR}/apps/streamer/dist-electron/preload.cjs`,
      ui: `${ASAR}/apps/streamer/dist/`,
      engine: `${UNPACKED}/apps/streamer/dist-electron/engine.mjs`,
      uiBuilt: true,
      ffmpegDir: `${UNPACKED}/node_modules/@ffmpeg-installer/linux-x64`,
      trayIcon: `${ASAR}/apps/streamer/dist-electron/tray.png`,
    });
  });

  it('in a checkout: the CLI script, the repository tray icon, no ffmpeg when not installed', () => {
    const files = new Set(['/src/vigil/resources/streamer/tray.png']);
    const paths = streamerPaths('file:///src/vigil/apps/streamer/dist-electron/main.mjs', (p) => files.has(p), 'linux-x64');
    expect(paths.engine).toBe('/src/vigil/apps/streamer/bin/vigil-streamer.js');
    expect(paths.trayIcon).toBe('/src/vigil/resources/streamer/tray.png');
    expect(paths.ffmpegDir).toBeUndefined();
    expect(paths.uiBuilt).toBe(false);
  });

  it('maps only the app.asar folder itself to app.asar.unpacked', () => {
    expect(unpackedPath('/a/resources/app.asar/x.mjs')).toBe('/a/resources/app.asar.unpacked/x.mjs');
    expect(unpackedPath('/a/app.asar.d/x.mjs')).toBe('/a/app.asar.d/x.mjs');
    expect(unpackedPath('/a/my.app.asar/x.mjs')).toBe('/a/my.app.asar/x.mjs');
  });
});
