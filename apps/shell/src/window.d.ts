/**
 * createWindow(): the only way either app opens a window, so every window gets the same policy —
 * locked-down webPreferences, no navigation away from app://, no new windows, no <webview> —
 * and is recorded as ours for the IPC sender checks.
 */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Shell } from 'electron';
import { type AppOrigin } from './origin.ts';
import type { WindowRegistry } from './senders.ts';
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
    /** Told about blocked navigations and pop-ups (logging). */
    onBlocked?: (what: string, url: string) => void;
}
/** Creates a window with the security policy applied and loads the app page into it. */
export declare function createWindow(deps: WindowDeps, options: WindowOptions): BrowserWindowType;
