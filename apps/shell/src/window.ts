/**
 * createWindow(): the only way either app opens a window, so every window gets the same policy —
 * locked-down webPreferences, no navigation away from app://, no new windows, no <webview> —
 * and is recorded as ours for the IPC sender checks.
 */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Shell } from 'electron';
import { isEngineUrl } from './downloads.ts';
import { navigationAllowed, windowOpenDecision, DEFAULT_EXTERNAL_HOSTS } from './navigation.ts';
import { appUrl, type AppOrigin } from './origin.ts';
import type { WindowRegistry } from './senders.ts';
import { secureWebPreferences } from './webPreferences.ts';

/** Electron APIs createWindow uses, passed in so a test can record what was applied. */
export interface WindowDeps {
  BrowserWindow: typeof BrowserWindowType;
  shell: Pick<Shell, 'openExternal'>;
}

/** What differs between windows. */
export interface WindowOptions {
  registry: WindowRegistry;
  origin: AppOrigin;
  /** Absolute path of the bundled preload; none for a window without an API. */
  preload?: string;
  /** Page inside the app origin; default index.html. */
  page?: string;
  title: string;
  /** Size and position (see bounds.ts); the policy fields cannot be set here. */
  bounds?: Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'>;
  minWidth?: number;
  minHeight?: number;
  /** https hosts whose links open in the system browser; default DEFAULT_EXTERNAL_HOSTS. */
  externalHosts?: readonly string[];
  /**
   * Exact origins of the local engine: a link there (plain or target=_blank) downloads instead of
   * navigating, through the session's download policy (downloads.ts). Default none.
   */
  downloadOrigins?: readonly string[];
  /** Told about blocked navigations and pop-ups (logging). */
  onBlocked?: (what: string, url: string) => void;
}

/** Creates a window with the security policy applied and loads the app page into it. */
export function createWindow(deps: WindowDeps, options: WindowOptions): BrowserWindowType {
  const window = new deps.BrowserWindow({
    ...options.bounds,
    minWidth: options.minWidth,
    minHeight: options.minHeight,
    title: options.title,
    show: false,
    backgroundColor: '#111318',
    webPreferences: secureWebPreferences(options.preload),
  });
  const contents = window.webContents;
  const blocked = (what: string, url: string) => options.onBlocked?.(what, url);
  options.registry.add(contents);
  contents.once('destroyed', () => options.registry.delete(contents));

  // Navigation: in-app only. Electron emits will-frame-navigate (every frame) first and, unless
  // it was prevented, will-navigate (main frame); will-redirect covers 30x.
  // A top-level link to the engine (a clip, an export) is a download: the link is cross-origin,
  // so Chromium ignores its `download` attribute and would navigate.
  const download = (url: string) => {
    if (!isEngineUrl(url, options.downloadOrigins)) return false;
    contents.downloadURL(url);
    return true;
  };
  contents.on('will-frame-navigate', (event) => {
    if (!navigationAllowed(event.url, options.origin)) {
      event.preventDefault();
      if (!(event.isMainFrame && download(event.url))) blocked('frame navigation', event.url);
    }
  });
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url, options.origin)) {
      event.preventDefault();
      blocked('navigation', url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url, options.origin)) {
      event.preventDefault();
      blocked('redirect', url);
    }
  });

  // New windows: never. An allow-listed https link goes to the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, options.externalHosts ?? DEFAULT_EXTERNAL_HOSTS);
    if (decision.openExternally) void deps.shell.openExternal(url);
    else if (!download(url)) blocked('window.open', url);
    return { action: decision.action };
  });

  // <webview> is off in webPreferences; refuse any attempt regardless.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    blocked('webview', '');
  });

  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl(options.origin, options.page));
  return window;
}
