/**
 * App-wide guards for every webContents, including any not made by createWindow() (there should be
 * none; this is the net under the net): no navigation away from the app, no pop-ups, no <webview>.
 */
import type { App } from 'electron';
import type { AppOrigin } from './origin.ts';
/** Enables the sandbox for all renderers and installs the guards; call before 'ready'. */
export declare function installGlobalGuards(app: Pick<App, 'enableSandbox' | 'on'>, origin: AppOrigin): void;
