import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { WindowRegistry } from '@vigil/shell/senders';
import { FakeWebContents, fakeIpcMain, invokeEvent } from '@vigil/shell/testing/fakes';
import { installScreenRequests } from './engineChannel.ts';

describe('app:take-screen', () => {
  it('hands the screen the tray asked for to our window once, and nothing to a stranger', async () => {
    const ipcMain = fakeIpcMain();
    const registry = new WindowRegistry();
    const ours = new FakeWebContents();
    registry.add(ours);
    const screens = installScreenRequests({ ipcMain, registry, origin: APP_ORIGIN });
    await expect(ipcMain.invoke('app:take-screen', invokeEvent(ours), {})).resolves.toBeNull();
    screens.request('system');
    await expect(ipcMain.invoke('app:take-screen', invokeEvent(new FakeWebContents()), {})).rejects.toThrow(/refused/);
    await expect(ipcMain.invoke('app:take-screen', invokeEvent(ours), {})).resolves.toBe('system');
    await expect(ipcMain.invoke('app:take-screen', invokeEvent(ours), {})).resolves.toBeNull();
  });
});
