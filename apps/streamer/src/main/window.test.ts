import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { WindowRegistry } from '@vigil/shell/senders';
import { fakeBrowserWindowClass, fakeEvent } from '@vigil/shell/testing/fakes';
import { SECURE_WEB_PREFERENCES } from '@vigil/shell/webPreferences';
import { contentSecurityPolicy } from '@vigil/shell/csp';
import { fallbackPage } from './paths.ts';
import { openStreamerWindow } from './window.ts';

function open(quitting: boolean) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const saveBounds = vi.fn();
  openStreamerWindow({
    BrowserWindow,
    shell: { openExternal: vi.fn() },
    screen: { getAllDisplays: () => [] },
    registry: new WindowRegistry(),
    origin: APP_ORIGIN,
    preload: '/p.cjs',
    savedBounds: undefined,
    saveBounds,
    quitting: () => quitting,
    engineOrigins: ['http://127.0.0.1:7480'],
  });
  return { window: created[0]!, saveBounds };
}

describe('openStreamerWindow', () => {
  it('uses the shared secure webPreferences and loads app://', () => {
    const { window } = open(false);
    expect(window.options.webPreferences).toEqual({ preload: '/p.cjs', ...SECURE_WEB_PREFERENCES });
    expect(window.loaded).toEqual(['app://vigil/index.html']);
  });

  it('hides to the tray on close unless quitting, saving bounds either way', () => {
    const { window, saveBounds } = open(false);
    window.shown = true;
    const event = fakeEvent();
    window.emit('close', event);
    expect(event.defaultPrevented).toBe(true);
    expect(window.shown).toBe(false);
    expect(saveBounds).toHaveBeenCalled();
    const quitting = open(true);
    const closing = fakeEvent();
    quitting.window.emit('close', closing);
    expect(closing.defaultPrevented).toBe(false);
  });

  it('a link to the engine (an export clip) downloads instead of navigating', () => {
    const { window } = open(false);
    const clip = 'http://127.0.0.1:7480/api/recordings/exports/e1/clip.mp4?expires=1&sig=s';
    const event = fakeEvent({ url: clip, isMainFrame: true });
    window.webContents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(window.webContents.downloads).toEqual([clip]);
  });
});

describe('fallbackPage', () => {
  it('carries the CSP meta and no script', () => {
    const csp = contentSecurityPolicy(['http://127.0.0.1:7480']);
    const page = fallbackPage(csp, 'http://127.0.0.1:7480');
    expect(page).toContain(`content="${csp.replace(/'/g, '&#39;')}"`);
    expect(page).not.toMatch(/<script/i);
  });
});
