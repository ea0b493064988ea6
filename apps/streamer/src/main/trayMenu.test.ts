import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { EngineStatusValue } from '../common/ipc.ts';
import { statusLabel, trayMenuTemplate } from './trayMenu.ts';

const status = (state: EngineStatusValue['state']): EngineStatusValue => ({ state, pid: null, restarts: 0, lastExit: null, nextRestartAt: null, apiUrl: 'x' });

describe('trayMenuTemplate', () => {
  const actions = { openWindow: vi.fn(), restart: vi.fn(), setPaused: vi.fn(), setStartAtLogin: vi.fn(), quit: vi.fn() };
  const click = (item: MenuItemConstructorOptions) => item.click!({ checked: !item.checked } as never, undefined, {} as never);

  it('shows the status and offers open, restart, pause, start at login, quit', () => {
    const items = trayMenuTemplate(status('running'), true, actions);
    expect(items.map((i) => i.label ?? i.type)).toEqual(['Engine running', 'separator', 'Open Vigil Streamer', 'Restart engine', 'Pause', 'Start at login', 'separator', 'Quit']);
    expect(items[0]!.enabled).toBe(false);
    expect(items[5]).toMatchObject({ type: 'checkbox', checked: true });
    click(items[3]!);
    expect(actions.restart).toHaveBeenCalledOnce();
    click(items[4]!);
    expect(actions.setPaused).toHaveBeenCalledWith(true);
    click(items[5]!);
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(false);
  });

  it('offers Resume, not Restart, when paused', () => {
    const items = trayMenuTemplate(status('paused'), false, actions);
    expect(items[3]!.enabled).toBe(false);
    expect(items[4]!.label).toBe('Resume');
    click(items[4]!);
    expect(actions.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('says when the engine crashed, and how', () => {
    expect(trayMenuTemplate(status('backoff'), false, actions)[0]!.label).toBe('Engine crashed, restarting…');
    const crashed = { ...status('backoff'), lastExit: { code: 3, signal: null, at: 1 } };
    expect(statusLabel(crashed)).toBe('Engine crashed (exit code 3), restarting…');
    expect(statusLabel({ ...crashed, lastExit: { code: null, signal: 'SIGSEGV', at: 1 } })).toBe('Engine crashed (signal SIGSEGV), restarting…');
    // A clean stop is not a crash.
    expect(statusLabel({ ...status('stopped'), lastExit: { code: 0, signal: null, at: 1 } })).toBe('Engine stopped');
  });
});
