import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { WindowRegistry } from '@vigil/shell/senders';
import { fakeBrowserWindowClass } from '@vigil/shell/testing/fakes';
import { SECURE_WEB_PREFERENCES } from '@vigil/shell/webPreferences';
import { openViewerWindow } from './window.ts';

describe('openViewerWindow', () => {
  it('goes through createWindow: secure webPreferences, remembered bounds saved on close', () => {
    const { BrowserWindow, created } = fakeBrowserWindowClass();
    const saveBounds = vi.fn();
    const registry = new WindowRegistry();
    openViewerWindow({
      BrowserWindow,
      shell: { openExternal: vi.fn() },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] as never },
      registry,
      origin: APP_ORIGIN,
      preload: '/p.cjs',
      savedBounds: { x: 5, y: 6, width: 1000, height: 700 },
      saveBounds,
    });
    const window = created[0]!;
    expect(window.options.webPreferences).toEqual({ preload: '/p.cjs', ...SECURE_WEB_PREFERENCES });
    expect(window.options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700 });
    expect(registry.has(window.webContents)).toBe(true);
    window.emit('close', { preventDefault() {} });
    expect(saveBounds).toHaveBeenCalledWith({ x: 10, y: 20, width: 900, height: 700 });
  });
});
