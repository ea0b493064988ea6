import { describe, expect, it, vi } from 'vitest';
import { openAppWindow, type AppWindowOptions } from './appWindow.ts';
import { APP_ORIGIN } from './origin.ts';
import { WindowRegistry } from './senders.ts';
import { fakeBrowserWindowClass, fakeEvent } from './testing/fakes.ts';
import { SECURE_WEB_PREFERENCES } from './webPreferences.ts';

const DISPLAY = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
const OPTIONS: AppWindowOptions = { title: 'T', defaultSize: { width: 1000, height: 700 }, minSize: { width: 600, height: 400 } };

function open(savedBounds: unknown, options: Partial<AppWindowOptions> = {}) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const saveBounds = vi.fn();
  const registry = new WindowRegistry();
  openAppWindow(
    { BrowserWindow, shell: { openExternal: vi.fn() }, screen: { getAllDisplays: () => [DISPLAY] as never }, registry, origin: APP_ORIGIN, preload: '/p.cjs', savedBounds, saveBounds },
    { ...OPTIONS, ...options },
  );
  return { window: created[0]!, saveBounds, registry };
}

describe('openAppWindow', () => {
  it('goes through createWindow: the secure webPreferences, registered as ours, app:// loaded', () => {
    const { window, registry } = open(undefined);
    expect(window.options.webPreferences).toEqual({ preload: '/p.cjs', ...SECURE_WEB_PREFERENCES });
    expect(registry.has(window.webContents)).toBe(true);
    expect(window.loaded).toEqual(['app://vigil/index.html']);
    expect(window.options).toMatchObject({ title: 'T', minWidth: 600, minHeight: 400 });
  });

  it('reopens at the saved place, brought onto a display; invalid bounds give the default size', () => {
    expect(open({ x: 100, y: 50, width: 800, height: 600 }).window.options).toMatchObject({ x: 100, y: 50, width: 800, height: 600 });
    // On a monitor that is gone: the saved size, centred on the display that is there.
    const offScreen = open({ x: 5000, y: 50, width: 800, height: 600 }).window.options;
    expect(offScreen).toMatchObject({ x: 560, y: 240, width: 800, height: 600 });
    const bad = open({ x: 'bad' }).window.options;
    expect(bad).toMatchObject({ width: 1000, height: 700 });
    expect(bad.x).toBeUndefined();
  });

  it('saves its bounds on close and closes, unless hideOnClose says to hide', () => {
    const closing = open(undefined);
    const event = fakeEvent();
    closing.window.emit('close', event);
    expect(closing.saveBounds).toHaveBeenCalledWith({ x: 10, y: 20, width: 900, height: 700 });
    expect(event.defaultPrevented).toBe(false);

    let hide = true;
    const hiding = open(undefined, { hideOnClose: () => hide });
    hiding.window.shown = true;
    const first = fakeEvent();
    hiding.window.emit('close', first);
    expect(first.defaultPrevented).toBe(true);
    expect(hiding.window.shown).toBe(false);
    hide = false;
    const second = fakeEvent();
    hiding.window.emit('close', second);
    expect(second.defaultPrevented).toBe(false);
    expect(hiding.saveBounds).toHaveBeenCalledTimes(2);
  });
});
