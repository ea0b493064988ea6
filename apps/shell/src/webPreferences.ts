/**
 * The webPreferences of every window. One constant, so no window can be created with a weaker
 * setting by accident; createWindow() spreads it last, after the caller's preload path.
 */
import type { WebPreferences } from 'electron';

/** The non-negotiable part of every window's webPreferences. */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  // The page and the preload live in separate JavaScript worlds; the page sees only contextBridge.
  contextIsolation: true,
  // The renderer is an OS-sandboxed Chromium process; the preload has no Node either.
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  // Same-origin policy stays on; no http content inside an app:// or https page.
  webSecurity: true,
  allowRunningInsecureContent: false,
  // No <webview>: it would be a second, unpoliced browser inside the window.
  webviewTag: false,
  experimentalFeatures: false,
  enableBlinkFeatures: '',
  // Dropping a file or link on the window must not navigate away from the app.
  navigateOnDragDrop: false,
  // The spellchecker downloads dictionaries from Google's CDN; the UI has nothing to spell-check.
  spellcheck: false,
  safeDialogs: true,
  disableDialogs: true,
} satisfies WebPreferences);

/** Full webPreferences for a window with the given preload (an absolute path to a bundled .cjs). */
export function secureWebPreferences(preload: string | undefined): WebPreferences {
  return { ...(preload ? { preload } : {}), ...SECURE_WEB_PREFERENCES };
}
