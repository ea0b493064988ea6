import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { handleChannel } from './ipc.ts';
import { APP_ORIGIN } from './origin.ts';
import { WindowRegistry } from './senders.ts';
import { FakeWebContents, fakeIpcMain, invokeEvent } from './testing/fakes.ts';

const echo = { name: 'test:echo', args: z.object({ text: z.string().max(5) }).strict(), result: z.object({ text: z.string() }) };

function setup() {
  const ipcMain = fakeIpcMain();
  const registry = new WindowRegistry();
  const refused = vi.fn();
  const handler = vi.fn(({ text }: { text: string }) => ({ text }));
  handleChannel({ ipcMain, registry, origin: APP_ORIGIN, onRefused: refused }, echo, handler);
  const ours = new FakeWebContents();
  registry.add(ours);
  return { ipcMain, registry, refused, handler, ours };
}

describe('handleChannel: sender', () => {
  it('runs the handler for our window on the app origin', async () => {
    const { ipcMain, ours } = setup();
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours), { text: 'hi' })).resolves.toEqual({ text: 'hi' });
  });

  it('refuses a window we did not create', async () => {
    const { ipcMain, handler, refused } = setup();
    const stranger = new FakeWebContents();
    await expect(ipcMain.invoke('test:echo', invokeEvent(stranger), { text: 'hi' })).rejects.toThrow(/refused \(not a window of this app\)/);
    expect(handler).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledWith('test:echo', 'not a window of this app');
  });

  it('refuses a frame from another origin', async () => {
    const { ipcMain, handler, ours } = setup();
    ours.mainFrame = { ...ours.mainFrame, url: 'https://evil.example/' };
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours), { text: 'hi' })).rejects.toThrow(/foreign origin/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a sub-frame, even one on the app origin', async () => {
    const { ipcMain, ours } = setup();
    const child = { url: 'app://vigil/index.html', parent: ours.mainFrame as never, processId: 7, routingId: 999 };
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours, child), { text: 'hi' })).rejects.toThrow(/not the top frame/);
  });

  it('refuses when the frame is gone', async () => {
    const { ipcMain, ours } = setup();
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours, null), { text: 'hi' })).rejects.toThrow(/frame gone/);
  });
});

describe('handleChannel: payload', () => {
  it.each([[{ text: 'too long' }], [{ text: 1 }], [{ text: 'a', extra: 1 }], ['hi'], [null], [undefined]])('refuses %j', async (payload) => {
    const { ipcMain, handler, ours } = setup();
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours), payload)).rejects.toThrow(/invalid arguments/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    const { ipcMain, ours } = setup();
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours), { text: 'a' }, { more: 1 })).rejects.toThrow(/exactly one argument/);
  });

  it('checks the result too, so nothing unplanned reaches the page', async () => {
    const ipcMain = fakeIpcMain();
    const registry = new WindowRegistry();
    const ours = new FakeWebContents();
    registry.add(ours);
    handleChannel({ ipcMain, registry, origin: APP_ORIGIN, onRefused: () => {} }, echo, () => ({ text: 5 }) as never);
    await expect(ipcMain.invoke('test:echo', invokeEvent(ours), { text: 'a' })).rejects.toThrow();
  });
});
