/** The viewer's main window: the shared app window (apps/shell/src/appWindow.ts). */
import type { BrowserWindow } from 'electron';
import { openAppWindow, type AppWindowDeps } from '@vigil/shell/appWindow';

/** Default size of a first run. */
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;

/** What the main window needs. */
export type ViewerWindowDeps = AppWindowDeps;

/** Opens the viewer window at its remembered place; closing it closes it (the app then quits). */
export function openViewerWindow(deps: ViewerWindowDeps): BrowserWindow {
  return openAppWindow(deps, { title: 'Vigil Viewer', defaultSize: DEFAULT_SIZE, minSize: { width: 640, height: 400 } });
}
