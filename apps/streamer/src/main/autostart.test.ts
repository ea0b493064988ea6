import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { autostartFile, desktopEntry, HIDDEN_FLAG, launchCommand, quoteExecArg, setStartAtLogin } from './autostart.ts';

describe('autostart', () => {
  it('puts the entry in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/a')).toBe('/cfg/autostart/vigil-streamer.desktop');
    expect(autostartFile({}, '/home/a')).toBe('/home/a/.config/autostart/vigil-streamer.desktop');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(autostartFile({ XDG_CONFIG_HOME: 'cfg' }, '/home/a')).toBe('/home/a/.config/autostart/vigil-streamer.desktop');
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/opt/Vigil/vigil-streamer')).toBe('/opt/Vigil/vigil-streamer');
    expect(quoteExecArg('/home/a/My Apps/Vigil.AppImage')).toBe('"/home/a/My Apps/Vigil.AppImage"');
    expect(quoteExecArg('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
    expect(quoteExecArg('100%')).toBe('"100%%"');
  });

  it('writes an entry that starts the app hidden', () => {
    const entry = desktopEntry('/home/a/My Apps/Vigil.AppImage', [HIDDEN_FLAG]);
    expect(entry).toMatch(/^\[Desktop Entry\]\n/);
    expect(entry).toContain('\nType=Application\n');
    expect(entry).toContain('\nExec="/home/a/My Apps/Vigil.AppImage" --hidden\n');
  });

  it('launches the AppImage when run from one', () => {
    expect(launchCommand({ APPIMAGE: '/x/Vigil.AppImage' }, '/tmp/.mount_x/vigil-streamer')).toBe('/x/Vigil.AppImage');
    expect(launchCommand({}, '/opt/Vigil Streamer/vigil-streamer')).toBe('/opt/Vigil Streamer/vigil-streamer');
  });

  it('on Linux creates and removes the autostart file; elsewhere uses the login item API', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-autostart-')), 'autostart', 'vigil-streamer.desktop');
    const app = { setLoginItemSettings: vi.fn() };
    setStartAtLogin(app, true, { platform: 'linux', file, command: ['/usr/bin/electron', '/src/app'] });
    expect(readFileSync(file, 'utf8')).toContain('\nExec=/usr/bin/electron /src/app --hidden\n');
    setStartAtLogin(app, false, { platform: 'linux', file });
    expect(existsSync(file)).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();

    setStartAtLogin(app, true, { platform: 'win32', file });
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: [HIDDEN_FLAG] });
    expect(existsSync(file)).toBe(false);
  });
});
