/** The tray's menu, built from the engine status (pure, so a test can read it). */
import type { MenuItemConstructorOptions } from 'electron';
import type { EngineStatusValue } from '../common/ipc.ts';

/** What the tray's items do. */
export interface TrayActions {
  openWindow(): void;
  setPaused(paused: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

const LABELS: Record<EngineStatusValue['state'], string> = {
  stopped: 'Engine stopped',
  starting: 'Engine starting…',
  running: 'Engine running',
  backoff: 'Engine crashed, restarting…',
  paused: 'Engine paused',
};

/** One-line status for the tooltip and the menu's first item. */
export function statusLabel(status: EngineStatusValue): string {
  return LABELS[status.state];
}

/** Menu template: status, open window, pause/resume, start at login, quit. */
export function trayMenuTemplate(status: EngineStatusValue, startAtLogin: boolean, actions: TrayActions): MenuItemConstructorOptions[] {
  const paused = status.state === 'paused';
  return [
    { label: statusLabel(status), enabled: false },
    { type: 'separator' },
    { label: 'Open Vigil Streamer', click: () => actions.openWindow() },
    { label: paused ? 'Resume' : 'Pause', click: () => actions.setPaused(!paused) },
    { label: 'Start at login', type: 'checkbox', checked: startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
