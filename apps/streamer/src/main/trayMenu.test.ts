import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { EngineStatusValue } from '../common/ipc.ts';
import type { EngineSummary } from './engineWatch.ts';
import { camerasLabel, statusLabel, trayLevel, trayMenuTemplate, trayTooltip } from './trayMenu.ts';

const status = (state: EngineStatusValue['state']): EngineStatusValue => ({ state, pid: null, restarts: 0, lastExit: null, nextRestartAt: null, apiUrl: 'x' });
const summary = (live: number, total: number, problems: string[] = [], alertMode: EngineSummary['alertMode'] = 'armed'): EngineSummary => ({
  cameras: { live, total, problems: problems.map((name) => ({ name, message: 'The camera does not answer.' })) },
  alertMode,
});
const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.type);
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)!;

describe('trayMenuTemplate', () => {
  const actions = { openWindow: vi.fn(), openSystem: vi.fn(), restart: vi.fn(), setPaused: vi.fn(), setAlertMode: vi.fn(), setStartAtLogin: vi.fn(), quit: vi.fn() };
  const click = (item: MenuItemConstructorOptions) => item.click!({ checked: !item.checked } as never, undefined, {} as never);

  it('shows engine and cameras; offers open, alerts, restart, pause, start at login, quit', () => {
    const items = trayMenuTemplate({ status: status('running'), summary: summary(2, 2), startAtLogin: true }, actions);
    expect(labels(items)).toEqual([
      'Engine running', 'All 2 cameras live', 'separator', 'Open Vigil Streamer', 'Alerts', 'separator',
      'Restart engine', 'Pause cameras and recording', 'Start at login', 'separator', 'Quit',
    ]);
    expect(items[0]!.enabled).toBe(false);
    expect(items[1]!.enabled).toBe(false);
    expect(find(items, 'Start at login')).toMatchObject({ type: 'checkbox', checked: true });
    click(find(items, 'Restart engine'));
    expect(actions.restart).toHaveBeenCalledOnce();
    click(find(items, 'Pause cameras and recording'));
    expect(actions.setPaused).toHaveBeenCalledWith(true);
    click(find(items, 'Start at login'));
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(false);
    click(find(items, 'Open Vigil Streamer'));
    expect(actions.openWindow).toHaveBeenCalledOnce();
  });

  it('alerts: the engine’s mode checked, each mode one click away', () => {
    const alerts = find(trayMenuTemplate({ status: status('running'), summary: summary(1, 1, [], 'schedule'), startAtLogin: false }, actions), 'Alerts');
    expect(alerts.enabled).toBe(true);
    const modes = alerts.submenu as MenuItemConstructorOptions[];
    expect(modes.map((m) => [m.label, m.type, m.checked])).toEqual([
      ['Armed', 'radio', false],
      ['Disarmed', 'radio', false],
      ['On schedule', 'radio', true],
    ]);
    click(modes[1]!);
    expect(actions.setAlertMode).toHaveBeenCalledWith('disarmed');
  });

  it('alerts cannot be switched while the engine does not answer', () => {
    const items = trayMenuTemplate({ status: status('running'), startAtLogin: false }, actions);
    expect(find(items, 'Alerts').enabled).toBe(false);
    expect(labels(items)[1]).toBe('separator');
  });

  it('lists cameras in trouble, at most three, and counts the rest', () => {
    const items = trayMenuTemplate({ status: status('running'), summary: summary(1, 6, ['Garage', 'Porch', 'Yard', 'Shed', 'Gate']), startAtLogin: false }, actions);
    expect(labels(items).slice(0, 6)).toEqual([
      'Engine running',
      '1 of 6 cameras live',
      '⚠ Garage: The camera does not answer.',
      '⚠ Porch: The camera does not answer.',
      '⚠ Yard: The camera does not answer.',
      '…and 2 more',
    ]);
  });

  it('lists the System screen’s problems in its words, each opening the System screen, and shows the problem icon', () => {
    const health = ['Porch is offline since 14:02: The camera cannot be reached.', '3 alerts waiting: add a channel to receive them'];
    const items = trayMenuTemplate({ status: status('running'), summary: { ...summary(2, 2), problems: health }, startAtLogin: false }, actions);
    expect(labels(items).slice(2, 4)).toEqual(health.map((message) => `⚠ ${message}`));
    actions.openSystem.mockClear();
    click(items[2]!);
    expect(actions.openSystem).toHaveBeenCalledTimes(1);
    expect(trayLevel({ status: status('running'), summary: { ...summary(2, 2), problems: health } })).toBe('problem');
    expect(trayLevel({ status: status('running'), summary: summary(2, 2) })).toBe('ok');
  });

  it('offers Resume, not Restart, when paused', () => {
    const items = trayMenuTemplate({ status: status('paused'), startAtLogin: false }, actions);
    expect(find(items, 'Restart engine').enabled).toBe(false);
    click(find(items, 'Resume cameras and recording'));
    expect(actions.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('says when the engine crashed, and how', () => {
    expect(trayMenuTemplate({ status: status('backoff'), startAtLogin: false }, actions)[0]!.label).toBe('Engine crashed, restarting…');
    const crashed = { ...status('backoff'), lastExit: { code: 3, signal: null, at: 1 } };
    expect(statusLabel(crashed)).toBe('Engine crashed (exit code 3), restarting…');
    expect(statusLabel({ ...crashed, lastExit: { code: null, signal: 'SIGSEGV', at: 1 } })).toBe('Engine crashed (signal SIGSEGV), restarting…');
    expect(statusLabel({ ...crashed, lastExit: { code: 1, signal: null, at: 1, detail: 'listen EADDRINUSE 127.0.0.1:7480' } })).toBe(
      'Engine crashed (exit code 1: listen EADDRINUSE 127.0.0.1:7480), restarting…',
    );
    // A clean stop is not a crash.
    expect(statusLabel({ ...status('stopped'), lastExit: { code: 0, signal: null, at: 1 } })).toBe('Engine stopped');
  });
});

describe('tray status', () => {
  it('cameras in words', () => {
    expect(camerasLabel(summary(0, 0))).toBe('No cameras yet');
    expect(camerasLabel(summary(1, 1))).toBe('Camera live');
    expect(camerasLabel(summary(3, 3))).toBe('All 3 cameras live');
    expect(camerasLabel(summary(2, 3))).toBe('2 of 3 cameras live');
  });

  it('icon level: problem on a crash or a camera in trouble, off when stopped on purpose', () => {
    expect(trayLevel({ status: status('running'), summary: summary(2, 2) })).toBe('ok');
    expect(trayLevel({ status: status('starting') })).toBe('ok');
    expect(trayLevel({ status: status('running'), summary: summary(1, 2, ['Garage']) })).toBe('problem');
    expect(trayLevel({ status: status('backoff') })).toBe('problem');
    expect(trayLevel({ status: status('paused') })).toBe('off');
    expect(trayLevel({ status: status('stopped') })).toBe('off');
  });

  it('tooltip: cameras and trouble while running, else the engine state', () => {
    expect(trayTooltip({ status: status('running'), summary: summary(2, 2) })).toBe('Vigil Streamer — All 2 cameras live');
    expect(trayTooltip({ status: status('running'), summary: summary(1, 2, ['Garage']) })).toBe('Vigil Streamer — 1 of 2 cameras live; Garage has a problem');
    expect(trayTooltip({ status: status('running'), summary: summary(0, 2, ['Garage', 'Porch']) })).toBe('Vigil Streamer — 0 of 2 cameras live; 2 cameras have a problem');
    expect(trayTooltip({ status: status('running') })).toBe('Vigil Streamer — Engine running');
    expect(trayTooltip({ status: { ...status('backoff'), lastExit: { code: 1, signal: null, at: 1 } } })).toBe('Vigil Streamer — Engine crashed (exit code 1), restarting…');
  });
});
