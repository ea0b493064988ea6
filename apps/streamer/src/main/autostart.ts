/**
 * Start at login. Electron's app.setLoginItemSettings covers macOS and Windows only; on Linux
 * the desktop's standard is an XDG autostart entry, `~/.config/autostart/<name>.desktop`, which
 * GNOME, KDE, Xfce and others run at login. Either way the app starts with `--hidden` (tray only).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App } from 'electron';

/** Passed by the login item: start in the tray without a window. */
export const HIDDEN_FLAG = '--hidden';

/** The autostart entry's file name (one per app). */
export const AUTOSTART_NAME = 'vigil-streamer.desktop';

/** Where the entry goes: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'autostart', AUTOSTART_NAME);
}

/** Quotes one Exec argument as the Desktop Entry spec asks (reserved characters in "…"). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(arg)) return arg;
  // Inside quotes, ", `, $ and \ are escaped with a backslash; % is doubled (field codes).
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/** The .desktop entry that starts `exec args…` at login. */
export function desktopEntry(exec: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Vigil Streamer',
    'Comment=Keeps your cameras available to paired viewers',
    `Exec=${[exec, ...args].map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The command that starts this app: the AppImage when run from one, else the executable. */
export function launchCommand(env: NodeJS.ProcessEnv = process.env, execPath: string = process.execPath): string {
  return env.APPIMAGE ?? execPath;
}

/** Where and how start at login is recorded; each has a default for this machine. */
export interface LoginItemOptions {
  platform?: NodeJS.Platform;
  /** The Linux autostart entry (autostartFile()). */
  file?: string;
  /** What starts the app (launchCommand(); in a checkout, electron plus the app folder). */
  command?: readonly string[];
}

/** Turns start at login on or off for this platform. */
export function setStartAtLogin(app: Pick<App, 'setLoginItemSettings'>, enabled: boolean, options: LoginItemOptions = {}): void {
  if ((options.platform ?? process.platform) !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  const file = options.file ?? autostartFile();
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  const [exec = launchCommand(), ...args] = options.command ?? [];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, desktopEntry(exec, [...args, HIDDEN_FLAG]));
}
