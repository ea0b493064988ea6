/**
 * The webPreferences of every window. One constant, so no window can be created with a weaker
 * setting by accident; createWindow() spreads it last, after the caller's preload path.
 */
import type { WebPreferences } from 'electron';
/** The non-negotiable part of every window's webPreferences. */
export declare const SECURE_WEB_PREFERENCES: Readonly<{
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    enableBlinkFeatures: string;
    navigateOnDragDrop: false;
    spellcheck: false;
    safeDialogs: true;
    disableDialogs: true;
}>;
/** Full webPreferences for a window with the given preload (an absolute path to a bundled .cjs). */
export declare function secureWebPreferences(preload: string | undefined): WebPreferences;
