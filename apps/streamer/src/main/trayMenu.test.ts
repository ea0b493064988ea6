import { describe, expect, it, vi } from 'vitest';
import type { EngineStatusValue } from '../common/ipc.ts';
import { trayMenuTemplate } from './trayMenu.ts';

const status = (state: EngineStatusValue['state']): EngineStatusValue => ({ state, pid: null, restarts: 0, lastExit: null, nextRestartAt: null, apiUrl: 'x' });

describe('trayMenuTemplate', () => {
  const actions = { openWindow: vi.fn(), setPaused: vi.fn(), setStartAtLogin: vi.fn(), quit: vi.fn() };

  it('shows the status and offers open, pause, start at login, quit', () => {
    const items = trayMenuTemplate(status('running'), true, actions);
    expect(items.map((i) => i.label ?? i.type)).toEqual(['Engine running', 'separator', 'Open Vigil Streamer', 'Pause', 'Start at login', 'separator', 'Quit']);
    expect(items[4]).toMatchObject({ type: 'checkbox', checked: true });
    items[3]!.click!({} as never, undefined, {} as never);
    expect(actions.setPaused).toHaveBeenCalledWith(true);
  });

  it('offers Resume when paused', () => {
    const items = trayMenuTemplate(status('paused'), false, actions);
    expect(items[3]!.label).toBe('Resume');
    items[3]!.click!({} as never, undefined, {} as never);
    expect(actions.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('says when the engine crashed', () => {
    expect(trayMenuTemplate(status('backoff'), false, actions)[0]!.label).toMatch(/crashed/);
  });
});
