/** The viewer's IPC channels, installed on a recording ipcMain and called as the page would. */
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { WindowRegistry } from '@vigil/shell/senders';
import { fakeBrowserWindowClass, fakeIpcMain, FakeWebContents, invokeEvent } from '@vigil/shell/testing/fakes';
import { PinSet } from './pins.ts';
import * as pinsChannel from './pinsChannel.ts';
import * as screenChannel from './screenChannel.ts';
import { SecretStore } from './secrets.ts';
import * as secretsChannel from './secretsChannel.ts';

function thumbnail(width: number, height: number, empty = false) {
  return { isEmpty: () => empty, getSize: () => ({ width, height }), toPNG: () => Buffer.from('PNGDATA') };
}

function setup(options: { focused?: boolean; empty?: boolean; encryption?: boolean } = {}) {
  const ipcMain = fakeIpcMain();
  const registry = new WindowRegistry();
  const guard = { ipcMain, registry, origin: APP_ORIGIN, onRefused: () => {} };
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const window = new BrowserWindow({}) as unknown as { webContents: FakeWebContents; focused: boolean };
  window.focused = options.focused ?? true;
  registry.add(window.webContents);
  const getSources = vi.fn(async (opts: { thumbnailSize: { width: number; height: number } }) => [
    { display_id: '2', thumbnail: thumbnail(10, 10) },
    { display_id: '1', thumbnail: thumbnail(opts.thumbnailSize.width, opts.thumbnailSize.height, options.empty) },
  ]);
  const screen = { getPrimaryDisplay: () => ({ id: 1, size: { width: 2560, height: 1440 }, scaleFactor: 1.5 }) };
  let now = 1000;
  screenChannel.install(guard, { desktopCapturer: { getSources } as never, screen: screen as never, BrowserWindow, now: () => now });
  const record = { data: {} as Record<string, string>, load: () => ({ ...record.data }), save: (r: Record<string, string>) => void (record.data = r) };
  const safe = { isEncryptionAvailable: () => options.encryption ?? true, encryptString: (s: string) => Buffer.from(s).reverse(), decryptString: (b: Buffer) => Buffer.from(b).reverse().toString() };
  secretsChannel.install(guard, new SecretStore(record, safe));
  const pins = new PinSet();
  const changed = vi.fn();
  pinsChannel.install(guard, pins, changed);
  const call = (name: string, args: unknown, contents = window.webContents) => ipcMain.invoke(name, invokeEvent(contents), args);
  return { call, getSources, created, record, changed, pins, advance: (ms: number) => (now += ms), window };
}

describe('screen:capture', () => {
  it('returns a PNG data URL of the primary screen, scaled to maxWidth', async () => {
    const { call, getSources } = setup();
    const result = await call('screen:capture', { maxWidth: 1920 });
    expect(result).toEqual({ dataUrl: `data:image/png;base64,${Buffer.from('PNGDATA').toString('base64')}`, width: 1920, height: 1080 });
    expect(getSources).toHaveBeenCalledWith({ types: ['screen'], thumbnailSize: { width: 1920, height: 1080 }, fetchWindowIcons: false });
  });

  it('refuses a window without focus', async () => {
    const { call } = setup({ focused: false });
    await expect(call('screen:capture', {})).rejects.toThrow(/not focused/);
  });

  it('refuses captures faster than the minimum interval', async () => {
    const { call, advance } = setup();
    await call('screen:capture', {});
    await expect(call('screen:capture', {})).rejects.toThrow(/too frequent/);
    advance(300);
    await expect(call('screen:capture', {})).resolves.toBeDefined();
  });

  it('reports a refused capture (empty thumbnail) as an error', async () => {
    const { call } = setup({ empty: true });
    await expect(call('screen:capture', {})).rejects.toThrow(/not available/);
  });

  it('refuses oversized requests and other windows', async () => {
    const { call } = setup();
    await expect(call('screen:capture', { maxWidth: 100_000 })).rejects.toThrow(/invalid arguments/);
    await expect(call('screen:capture', {}, new FakeWebContents())).rejects.toThrow(/not a window of this app/);
  });
});

describe('secrets:*', () => {
  it('round-trips through encryption', async () => {
    const { call, record } = setup();
    await expect(call('secrets:set', { key: 'streamers', value: 'tok' })).resolves.toEqual({ ok: true });
    expect(Object.values(record.data).join()).not.toContain('tok');
    await expect(call('secrets:get', { key: 'streamers' })).resolves.toEqual({ value: 'tok' });
    await expect(call('secrets:delete', { key: 'streamers' })).resolves.toEqual({ deleted: true });
    await expect(call('secrets:get', { key: 'streamers' })).resolves.toEqual({ value: null });
  });

  it('refuses to store without encryption and reports it', async () => {
    const { call } = setup({ encryption: false });
    await expect(call('secrets:status', {})).resolves.toMatchObject({ available: false });
    await expect(call('secrets:set', { key: 'streamers', value: 'tok' })).rejects.toThrow(/keychain/);
  });

  it('validates keys and sizes', async () => {
    const { call } = setup();
    for (const args of [{ key: '../x' }, { key: 'A' }, { key: '' }, { key: 'x'.repeat(65) }, {}]) {
      await expect(call('secrets:get', args), JSON.stringify(args)).rejects.toThrow(/invalid arguments/);
    }
    await expect(call('secrets:set', { key: 'big', value: 'x'.repeat((1 << 20) + 1) })).rejects.toThrow(/invalid arguments/);
  });
});

describe('pins:set', () => {
  it('replaces the pins and persists them', async () => {
    const { call, changed, pins } = setup();
    const pin = 'AAAAAAAAAAAAAAAAAAAAAA';
    await expect(call('pins:set', { pins: [{ url: 'wss://10.0.0.2:8443', pin }] })).resolves.toEqual({ count: 1 });
    expect(changed).toHaveBeenCalledWith([{ url: 'wss://10.0.0.2:8443', pin }]);
    expect(pins.list()).toEqual([{ host: '10.0.0.2', pins: [pin] }]);
  });

  it('refuses non-wss URLs and malformed pins', async () => {
    const { call } = setup();
    await expect(call('pins:set', { pins: [{ url: 'https://x', pin: 'AAAAAAAAAAAAAAAAAAAAAA' }] })).rejects.toThrow(/invalid arguments/);
    await expect(call('pins:set', { pins: [{ url: 'wss://x', pin: 'short' }] })).rejects.toThrow(/invalid arguments/);
  });
});
