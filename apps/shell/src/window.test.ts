import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from './origin.ts';
import { WindowRegistry } from './senders.ts';
import { fakeBrowserWindowClass, fakeEvent } from './testing/fakes.ts';
import { createWindow } from './window.ts';

const REQUIRED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
};

function open(options: Partial<Parameters<typeof createWindow>[1]> = {}) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const shell = { openExternal: vi.fn(async () => undefined) };
  const registry = new WindowRegistry();
  createWindow({ BrowserWindow, shell }, { registry, origin: APP_ORIGIN, preload: '/app/preload.cjs', title: 'T', ...options });
  const window = created[0]!;
  return { window, contents: window.webContents, shell, registry };
}

describe('createWindow', () => {
  it('applies the locked-down webPreferences and the preload', () => {
    const { window } = open();
    expect(window.options.webPreferences).toMatchObject({ ...REQUIRED, preload: '/app/preload.cjs' });
    expect(window.options.show).toBe(false);
  });

  it('loads the UI from app://vigil/, never file://', () => {
    const { window } = open();
    expect(window.loaded).toEqual(['app://vigil/index.html']);
  });

  it('records the window as ours and forgets it when destroyed', () => {
    const { contents, registry } = open();
    expect(registry.has(contents)).toBe(true);
    contents.emit('destroyed');
    expect(registry.has(contents)).toBe(false);
  });

  it.each(['will-navigate', 'will-redirect'])('%s: prevents leaving the app origin, allows in-app URLs', (name) => {
    const { contents } = open();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'app://vigil.evil/', 'http://127.0.0.1:7480/']) {
      const event = fakeEvent();
      contents.emit(name, event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const ok = fakeEvent();
    contents.emit(name, ok, 'app://vigil/index.html#/grid');
    expect(ok.defaultPrevented).toBe(false);
  });

  it('will-frame-navigate: iframes cannot leave the origin either', () => {
    const { contents } = open();
    const event = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every new window; only allow-listed https links go to the system browser', () => {
    const { contents, shell } = open({ externalHosts: ['github.com'] });
    for (const url of ['https://evil.example/', 'http://github.com/', 'app://vigil/index.html', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@github.com/']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://github.com/vigil' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/vigil');
  });

  it('a top-level link to the engine downloads instead of navigating; nothing else does', () => {
    const { contents } = open({ downloadOrigins: ['http://127.0.0.1:7480'] });
    const clip = 'http://127.0.0.1:7480/api/recordings/exports/x1/clip.mp4?expires=1&sig=abc';
    const link = fakeEvent({ url: clip, isMainFrame: true });
    contents.emit('will-frame-navigate', link);
    expect(link.defaultPrevented).toBe(true);
    expect(contents.downloads).toEqual([clip]);
    // Another port, another host, an iframe, a credentialed URL: blocked, no download.
    for (const [url, isMainFrame] of [
      ['http://127.0.0.1:7481/api/x', true],
      ['http://evil.example/clip.mp4', true],
      [clip, false],
      ['http://user:pw@127.0.0.1:7480/api/x', true],
    ] as const) {
      const event = fakeEvent({ url, isMainFrame });
      contents.emit('will-frame-navigate', event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    // target=_blank to the engine: no window, a download.
    expect(contents.windowOpenHandler!({ url: clip })).toEqual({ action: 'deny' });
    expect(contents.downloads).toEqual([clip, clip]);
  });

  it('without engine origins no link downloads', () => {
    const { contents } = open();
    const event = fakeEvent({ url: 'http://127.0.0.1:7480/api/x', isMainFrame: true });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(contents.downloads).toEqual([]);
  });

  it('prevents attaching a <webview>', () => {
    const { contents } = open();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('shows the window only when ready', () => {
    const { window } = open();
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });
});
