/** One running copy per app: a second launch hands over to the first and quits. */
import type { App, BrowserWindow } from 'electron';

/** True when this process owns the app; otherwise it quits and returns false. */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondInstance);
  return true;
}

/** Shows a window the person asked for again: un-minimised, shown (if hidden to the tray), focused. */
export function bringToFront(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
