/** The tray's menu, built from the engine status (pure, so a test can read it). */
import type { MenuItemConstructorOptions } from 'electron';
import type { EngineStatusValue } from '../common/ipc.ts';

/** What the tray's items do. */
export interface TrayActions {
  openWindow(): void;
  restart(): void;
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

/** How the last run ended, in words: "exit code 3", "signal SIGSEGV". */
export function exitReason(lastExit: EngineStatusValue['lastExit']): string | undefined {
  if (!lastExit) return undefined;
  if (lastExit.signal) return `signal ${lastExit.signal}`;
  return lastExit.code === null ? undefined : `exit code ${lastExit.code}`;
}

/** One-line status for the tooltip and the menu's first item; a crash says how it ended. */
export function statusLabel(status: EngineStatusValue): string {
  const reason = status.state === 'backoff' ? exitReason(status.lastExit) : undefined;
  return reason ? `Engine crashed (${reason}), restarting…` : LABELS[status.state];
}

/** Menu template: status, open window, restart, pause/resume, start at login, quit. */
export function trayMenuTemplate(status: EngineStatusValue, startAtLogin: boolean, actions: TrayActions): MenuItemConstructorOptions[] {
  const paused = status.state === 'paused';
  return [
    { label: statusLabel(status), enabled: false },
    { type: 'separator' },
    { label: 'Open Vigil Streamer', click: () => actions.openWindow() },
    // Paused means stopped on purpose: Resume, not Restart, brings it back.
    { label: 'Restart engine', enabled: !paused, click: () => actions.restart() },
    { label: paused ? 'Resume' : 'Pause', click: () => actions.setPaused(!paused) },
    { label: 'Start at login', type: 'checkbox', checked: startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
