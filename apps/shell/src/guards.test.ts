import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installGlobalGuards } from './guards.ts';
import { APP_ORIGIN } from './origin.ts';
import { FakeWebContents, fakeEvent } from './testing/fakes.ts';

describe('installGlobalGuards', () => {
  it('sandboxes all renderers and guards every new webContents', () => {
    const app = Object.assign(new EventEmitter(), { sandboxed: false, enableSandbox() { app.sandboxed = true; } });
    installGlobalGuards(app as never, APP_ORIGIN);
    expect(app.sandboxed).toBe(true);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const away = fakeEvent();
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const inside = fakeEvent();
    contents.emit('will-navigate', inside, 'app://vigil/index.html');
    expect(inside.defaultPrevented).toBe(false);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
  });
});
