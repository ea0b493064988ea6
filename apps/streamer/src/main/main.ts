/**
 * Vigil streamer, Electron main process: a window and a tray around the engine, which runs in its
 * own process. This file wires the modules in order. Built by apps/shell/scripts/build.ts.
 */
import { app, BrowserWindow, ipcMain, Menu, nativeImage, protocol, screen, session, shell, Tray } from 'electron';
import { contentSecurityPolicy } from '@vigil/shell/csp';
import { installDownloads } from '@vigil/shell/downloads';
import { installGlobalGuards } from '@vigil/shell/guards';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { registerAppScheme, serveApp } from '@vigil/shell/scheme';
import { WindowRegistry } from '@vigil/shell/senders';
import { installSessionPolicy } from '@vigil/shell/session';
import { bringToFront, claimSingleInstance } from '@vigil/shell/singleInstance';
import { adminTokenFile } from '../engine/paths.ts';
import { HIDDEN_FLAG, setStartAtLogin, type LoginItemOptions } from './autostart.ts';
import * as controlChannel from './controlChannel.ts';
import * as engineChannel from './engineChannel.ts';
import { spawnEngine } from './engineProcess.ts';
import { EngineWatch } from './engineWatch.ts';
import { fallbackPage, streamerPaths } from './paths.ts';
import { STREAMER_PERMISSIONS } from './permissions.ts';
import { openPrefs } from './prefs.ts';
import { EngineSupervisor } from './supervisor.ts';
import { createTray, type TrayUpdate } from './tray.ts';
import { openStreamerWindow } from './window.ts';

const origin = APP_ORIGIN;
const registry = new WindowRegistry();
const paths = streamerPaths();
let window: BrowserWindow | undefined;
let quitting = false;
// Replaced once the app is ready; a second launch before then has nothing to show.
let showWindow: () => void = () => undefined;

// 1. Sandbox every renderer; no webContents may navigate away, open pop-ups or attach a <webview>.
installGlobalGuards(app, origin);

// 2. app:// is a standard, secure scheme (must be declared before 'ready').
registerAppScheme(protocol, origin);

// 3. One streamer per user: a second launch shows the first one's window.
if (claimSingleInstance(app, () => showWindow())) {
  await app.whenReady();

  // 4. Preferences and window bounds.
  const prefs = openPrefs(ipcMain);
  const apiUrl = `http://127.0.0.1:${prefs.get().apiPort}`;
  // The page may also reach the local engine's control API (http and its event socket), and no
  // other host: a script there could otherwise send the admin token elsewhere.
  const engineOrigins = [apiUrl, `http://localhost:${prefs.get().apiPort}`];
  const csp = contentSecurityPolicy(engineOrigins, { anyWebSocket: false });

  // 5. The UI's files from dist/, or a built-in page until the UI is built.
  serveApp(protocol, { root: paths.ui, origin, csp, fallbackIndex: fallbackPage(csp, apiUrl) });

  // 6. Session policy: CSP on every response, an empty permission table, no devices.
  installSessionPolicy(session.defaultSession, { origin, csp, permissions: STREAMER_PERMISSIONS, registry });
  //    Downloads (clips, exports) only from the engine or the page's own blobs, each through a save dialog.
  installDownloads(session.defaultSession, {
    policy: { origin, engineOrigins },
    registry,
    downloadsDir: app.getPath('downloads'),
    onBlocked: (reason) => console.warn(`Vigil Streamer: download cancelled: ${reason}`),
  });

  // 7. The engine in a child process, restarted with backoff when it dies; while it runs, its
  //    cameras and alert mode are read from its control API for the tray.
  let updateTray: (change: TrayUpdate) => void = () => undefined;
  const watch = new EngineWatch({ apiUrl, tokenFile: adminTokenFile(), onChange: (summary) => updateTray({ summary }) });
  const engine = new EngineSupervisor({
    spawn: () => spawnEngine({ script: paths.engine, apiPort: prefs.get().apiPort, ffmpegDir: paths.ffmpegDir }),
    apiUrl,
    onStatus: (status) => {
      updateTray({ status });
      if (status.state === 'running') watch.start();
      else watch.stop();
    },
  });
  const setPaused = async (paused: boolean) => {
    prefs.set('paused', paused);
    if (paused) await engine.pause();
    else engine.start();
  };

  // 8. Tray: engine and camera status, quick actions (open, arm/disarm alerts, restart, pause,
  //    start at login, quit); start at login as the user chose (login item on macOS and Windows,
  //    an XDG autostart entry on Linux; rewritten at each start so it follows the app).
  const login: LoginItemOptions = { command: app.isPackaged ? undefined : [process.execPath, app.getAppPath()] };
  const tray = createTray(
    { Tray, Menu, nativeImage, iconPath: paths.trayIcon },
    {
      openWindow: () => showWindow(),
      openSystem: () => (screens.request('system'), showWindow()),
      restart: () => void engine.restart(),
      setPaused: (paused) => void setPaused(paused),
      setAlertMode: (mode) => void watch.setAlertMode(mode).catch((error: Error) => console.warn(`Vigil Streamer: alerts not switched: ${error.message}`)),
      setStartAtLogin: (enabled) => {
        prefs.set('startAtLogin', enabled);
        setStartAtLogin(app, enabled, login);
        tray.update({ startAtLogin: enabled });
      },
      quit: () => app.quit(),
    },
    { status: engine.status(), startAtLogin: prefs.get().startAtLogin },
  );
  updateTray = (change) => tray.update(change);
  setStartAtLogin(app, prefs.get().startAtLogin, login);

  // 9. IPC channels, each behind the sender and payload checks.
  engineChannel.install({ ipcMain, registry, origin }, engine, setPaused);
  const screens = engineChannel.installScreenRequests({ ipcMain, registry, origin });
  controlChannel.install({ ipcMain, registry, origin }, apiUrl, adminTokenFile());

  // 10. Start the engine unless the user paused it.
  if (prefs.get().paused) await engine.pause();
  else engine.start();

  // 11. The window, unless launched hidden at login; closing it hides it to the tray.
  const openWindow = () =>
    openStreamerWindow({
      BrowserWindow,
      shell,
      screen,
      registry,
      origin,
      preload: paths.preload,
      savedBounds: prefs.window(),
      saveBounds: (bounds) => prefs.saveWindow(bounds),
      quitting: () => quitting,
      engineOrigins,
    });
  const atLogin = process.argv.includes(HIDDEN_FLAG) || app.getLoginItemSettings().wasOpenedAtLogin;
  if (!atLogin) window = openWindow();
  showWindow = () => {
    window ??= openWindow();
    bringToFront(window);
  };

  // 12. Quit stops the engine first; closing the window alone does not quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    watch.stop();
    void engine.stop().finally(() => {
      tray.destroy();
      app.quit();
    });
  });
}
