/**
 * The streamer window: the shared createWindow() plus remembered bounds. Closing it hides it to
 * the tray (the engine keeps running); only Quit ends the app.
 */
import type { BrowserWindow, Screen, Shell } from 'electron';
import { restoreBounds, type Bounds } from '../../../shell/src/bounds.ts';
import type { AppOrigin } from '../../../shell/src/origin.ts';
import type { WindowRegistry } from '../../../shell/src/senders.ts';
import { createWindow } from '../../../shell/src/window.ts';

/** Default size of a first run. */
export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;

/** What the window needs. */
export interface StreamerWindowDeps {
  BrowserWindow: typeof BrowserWindow;
  shell: Pick<Shell, 'openExternal'>;
  screen: Pick<Screen, 'getAllDisplays'>;
  registry: WindowRegistry;
  origin: AppOrigin;
  preload: string;
  savedBounds: unknown;
  saveBounds: (bounds: Bounds) => void;
  /** True once the user chose Quit: then closing really closes. */
  quitting: () => boolean;
}

/** Opens the streamer window. */
export function openStreamerWindow(deps: StreamerWindowDeps): BrowserWindow {
  const bounds = restoreBounds(deps.savedBounds, deps.screen.getAllDisplays().map((d) => d.workArea), DEFAULT_SIZE);
  const window = createWindow(deps, {
    registry: deps.registry,
    origin: deps.origin,
    preload: deps.preload,
    title: 'Vigil Streamer',
    bounds,
    minWidth: 640,
    minHeight: 420,
    onBlocked: (what, url) => console.warn(`streamer: blocked ${what} ${url}`),
  });
  window.on('close', (event) => {
    deps.saveBounds(window.getNormalBounds());
    if (!deps.quitting()) {
      event.preventDefault();
      window.hide();
    }
  });
  return window;
}
