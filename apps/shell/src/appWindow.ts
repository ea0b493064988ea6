/**
 * An app's main window: createWindow() (the security policy) at its remembered place, saving
 * its bounds when it closes. Both apps open their window through this; they differ only in
 * title, sizes and, for the streamer, hiding to the tray instead of closing.
 */
import type { BrowserWindow, Screen } from 'electron';
import { restoreBounds, type Bounds } from './bounds.ts';
import type { AppOrigin } from './origin.ts';
import type { WindowRegistry } from './senders.ts';
import { createWindow, type WindowDeps } from './window.ts';

/** Electron APIs and state the window needs. */
export interface AppWindowDeps extends WindowDeps {
  screen: Pick<Screen, 'getAllDisplays'>;
  registry: WindowRegistry;
  origin: AppOrigin;
  preload: string;
  /** Saved bounds (unvalidated, from the store) and where to save new ones. */
  savedBounds: unknown;
  saveBounds: (bounds: Bounds) => void;
}

/** What differs between the apps' windows. */
export interface AppWindowOptions {
  title: string;
  /** Size of a first run, or when the saved place is off every display. */
  defaultSize: { width: number; height: number };
  minSize: { width: number; height: number };
  /** Asked on close: true hides the window instead (the streamer keeps running in the tray). */
  hideOnClose?: () => boolean;
  /** Engine origins whose links download (createWindow's downloadOrigins). */
  downloadOrigins?: readonly string[];
}

/** Opens the window with the shared policy at its remembered place. */
export function openAppWindow(deps: AppWindowDeps, options: AppWindowOptions): BrowserWindow {
  const bounds = restoreBounds(deps.savedBounds, deps.screen.getAllDisplays().map((d) => d.workArea), options.defaultSize);
  const window = createWindow(deps, {
    registry: deps.registry,
    origin: deps.origin,
    preload: deps.preload,
    title: options.title,
    bounds,
    minWidth: options.minSize.width,
    minHeight: options.minSize.height,
    downloadOrigins: options.downloadOrigins,
    onBlocked: (what, url) => console.warn(`${options.title}: blocked ${what} ${url}`),
  });
  window.on('close', (event) => {
    deps.saveBounds(window.getNormalBounds());
    if (options.hideOnClose?.()) {
      event.preventDefault();
      window.hide();
    }
  });
  return window;
}
