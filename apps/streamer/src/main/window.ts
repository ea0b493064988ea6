/**
 * The streamer window: the shared app window (apps/shell/src/appWindow.ts). Closing it hides it
 * to the tray (the engine keeps running); only Quit ends the app.
 */
import type { BrowserWindow } from 'electron';
import { openAppWindow, type AppWindowDeps } from '@vigil/shell/appWindow';

/** Default size of a first run. */
export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;

/** What the window needs. */
export interface StreamerWindowDeps extends AppWindowDeps {
  /** True once the user chose Quit: then closing really closes. */
  quitting: () => boolean;
  /** The engine's origins: its clip and export links download (apps/shell/src/downloads.ts). */
  engineOrigins: readonly string[];
}

/** Opens the streamer window. */
export function openStreamerWindow(deps: StreamerWindowDeps): BrowserWindow {
  return openAppWindow(deps, {
    title: 'Vigil Streamer',
    defaultSize: DEFAULT_SIZE,
    minSize: { width: 640, height: 420 },
    hideOnClose: () => !deps.quitting(),
    downloadOrigins: deps.engineOrigins,
  });
}
