/** The viewer's main window: the shared createWindow() plus remembered bounds. */
import type { BrowserWindow, Screen, Shell } from 'electron';
import { restoreBounds, type Bounds } from '../../../shell/src/bounds.ts';
import type { AppOrigin } from '../../../shell/src/origin.ts';
import type { WindowRegistry } from '../../../shell/src/senders.ts';
import { createWindow } from '../../../shell/src/window.ts';

/** Default size of a first run. */
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;

/** What the main window needs. */
export interface ViewerWindowDeps {
  BrowserWindow: typeof BrowserWindow;
  shell: Pick<Shell, 'openExternal'>;
  screen: Pick<Screen, 'getAllDisplays'>;
  registry: WindowRegistry;
  origin: AppOrigin;
  preload: string;
  /** Saved bounds (unvalidated) and where to save new ones. */
  savedBounds: unknown;
  saveBounds: (bounds: Bounds) => void;
}

/** Opens the viewer window at its remembered place. */
export function openViewerWindow(deps: ViewerWindowDeps): BrowserWindow {
  const bounds = restoreBounds(deps.savedBounds, deps.screen.getAllDisplays().map((d) => d.workArea), DEFAULT_SIZE);
  const window = createWindow(deps, {
    registry: deps.registry,
    origin: deps.origin,
    preload: deps.preload,
    title: 'Vigil Viewer',
    bounds,
    minWidth: 640,
    minHeight: 400,
    onBlocked: (what, url) => console.warn(`viewer: blocked ${what} ${url}`),
  });
  window.on('close', () => deps.saveBounds(window.getNormalBounds()));
  return window;
}
