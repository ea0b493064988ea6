/**
 * App-wide guards for every webContents, including any not made by createWindow() (there should be
 * none; this is the net under the net): no navigation away from the app, no pop-ups, no <webview>.
 */
import type { App, WebContents } from 'electron';
import { navigationAllowed } from './navigation.ts';
import type { AppOrigin } from './origin.ts';

/** Enables the sandbox for all renderers and installs the guards; call before 'ready'. */
export function installGlobalGuards(app: Pick<App, 'enableSandbox' | 'on'>, origin: AppOrigin): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!navigationAllowed(url, origin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // createWindow() replaces this with its own handler (which may open allow-listed links externally).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
