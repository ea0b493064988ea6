/** IPC: screen:capture — only for the focused window, and at most every MIN_CAPTURE_INTERVAL_MS. */
import type { BrowserWindow } from 'electron';
import { handleChannel, type IpcGuard } from '@vigil/shell/ipc';
import { viewerIpc } from '../common/ipc.ts';
import { capturePrimaryScreen, MIN_CAPTURE_INTERVAL_MS, type ScreenDeps } from './screen.ts';

/** Electron APIs the channel uses. */
export interface ScreenChannelDeps extends ScreenDeps {
  BrowserWindow: Pick<typeof BrowserWindow, 'fromWebContents'>;
  now?: () => number;
}

/** Registers screen:capture. */
export function install(guard: IpcGuard, deps: ScreenChannelDeps): void {
  const now = deps.now ?? Date.now;
  let last = -Infinity;
  handleChannel(guard, viewerIpc.screenCapture, async ({ maxWidth }, event) => {
    // A page in a background window has no business looking at the screen.
    if (!deps.BrowserWindow.fromWebContents(event.sender)?.isFocused()) throw new Error('screen:capture: window not focused');
    if (now() - last < MIN_CAPTURE_INTERVAL_MS) throw new Error('screen:capture: too frequent');
    last = now();
    return capturePrimaryScreen(deps, maxWidth);
  });
}
