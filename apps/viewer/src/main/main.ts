/**
 * Vigil viewer, Electron main process. A thin shell: the UI (apps/viewer/dist) does the work; this
 * file wires the shell's modules in order. Built by apps/shell/scripts/build.ts.
 */
import { app, BrowserWindow, desktopCapturer, ipcMain, protocol, safeStorage, screen, session, shell } from 'electron';
import { contentSecurityPolicy } from '@vigil/shell/csp';
import { installDownloads } from '@vigil/shell/downloads';
import { installGlobalGuards } from '@vigil/shell/guards';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { registerAppScheme, serveApp } from '@vigil/shell/scheme';
import { WindowRegistry } from '@vigil/shell/senders';
import { installSessionPolicy } from '@vigil/shell/session';
import { bringToFront, claimSingleInstance } from '@vigil/shell/singleInstance';
import { viewerPaths } from './paths.ts';
import { VIEWER_PERMISSIONS } from './permissions.ts';
import { installPinning } from './pinning.ts';
import { PinSet, storedPins } from './pins.ts';
import * as pinsChannel from './pinsChannel.ts';
import * as screenChannel from './screenChannel.ts';
import { SecretStore } from './secrets.ts';
import * as secretsChannel from './secretsChannel.ts';
import { cipherRecord, openViewerStore } from './store.ts';
import { openViewerWindow } from './window.ts';

const origin = APP_ORIGIN;
const registry = new WindowRegistry();
const paths = viewerPaths();
const csp = contentSecurityPolicy();
let mainWindow: BrowserWindow | undefined;

// 1. Sandbox every renderer; no webContents may navigate away, open pop-ups or attach a <webview>.
installGlobalGuards(app, origin);

// 2. app:// is a standard, secure scheme (must be declared before 'ready').
registerAppScheme(protocol, origin);

// 3. One viewer per user: a second launch focuses the first window.
if (claimSingleInstance(app, () => mainWindow && bringToFront(mainWindow))) {
  // 4. Quit when the last window closes (the viewer has no tray).
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();

  // 5. The UI's files, only from dist/, with the CSP header.
  serveApp(protocol, { root: paths.ui, origin, csp });

  // 6. Session policy: CSP on every response, permission table (camera video only), no devices.
  installSessionPolicy(session.defaultSession, { origin, csp, permissions: VIEWER_PERMISSIONS, registry });
  //    Downloads (snapshots, exported .tar bundles) only from the page's own blob: URLs, through a save dialog.
  installDownloads(session.defaultSession, {
    policy: { origin },
    registry,
    downloadsDir: app.getPath('downloads'),
    onBlocked: (reason) => console.warn(`Vigil: download cancelled: ${reason}`),
  });

  // 7. Store: window bounds, pins, encrypted secrets.
  const store = openViewerStore(ipcMain);

  // 8. Certificate pins of paired streamers (persisted, replaced by pins:set).
  const pins = new PinSet();
  pins.replace(storedPins(store.get('pins')));
  installPinning(session.defaultSession, pins);

  // 9. IPC channels, each behind the sender and payload checks.
  const guard = { ipcMain, registry, origin };
  secretsChannel.install(guard, new SecretStore(cipherRecord(store), safeStorage));
  screenChannel.install(guard, { desktopCapturer, screen, BrowserWindow });
  pinsChannel.install(guard, pins, (next) => {
    store.set('pins', next);
    installPinning(session.defaultSession, pins);
  });

  // 10. The window.
  mainWindow = openViewerWindow({
    BrowserWindow,
    shell,
    screen,
    registry,
    origin,
    preload: paths.preload,
    savedBounds: store.get('window'),
    saveBounds: (bounds) => store.set('window', bounds),
  });
}
