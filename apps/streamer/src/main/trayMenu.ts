/** The tray's menu, tooltip and icon level, built from the engine status (pure, so a test can read it). */
import type { ArmMode } from '@vigil/shared/alerts';
import type { MenuItemConstructorOptions } from 'electron';
import type { EngineStatusValue } from '../common/ipc.ts';
import type { EngineSummary } from './engineWatch.ts';

/** What the tray's items do. */
export interface TrayActions {
  openWindow(): void;
  /** Opens the window on the System screen, which lists every problem. */
  openSystem(): void;
  restart(): void;
  setPaused(paused: boolean): void;
  setAlertMode(mode: ArmMode): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** Everything the tray shows. */
export interface TrayState {
  status: EngineStatusValue;
  /** Cameras and alerts, while the running engine answers. */
  summary?: EngineSummary;
  startAtLogin: boolean;
}

/** Most camera problems listed in the menu; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 3;

const LABELS: Record<EngineStatusValue['state'], string> = {
  stopped: 'Engine stopped',
  starting: 'Engine starting…',
  running: 'Engine running',
  backoff: 'Engine crashed, restarting…',
  paused: 'Engine paused',
};

const MODES: ReadonlyArray<[ArmMode, string]> = [
  ['armed', 'Armed'],
  ['disarmed', 'Disarmed'],
  ['schedule', 'On schedule'],
];

/** How the last run ended, in words: "exit code 3", "signal SIGSEGV", "exit code 1: listen EADDRINUSE …". */
export function exitReason(lastExit: EngineStatusValue['lastExit']): string | undefined {
  if (!lastExit) return undefined;
  const how = lastExit.signal ? `signal ${lastExit.signal}` : lastExit.code === null ? undefined : `exit code ${lastExit.code}`;
  if (!lastExit.detail) return how;
  return how ? `${how}: ${lastExit.detail}` : lastExit.detail;
}

/** One-line engine status for the menu's first item; a crash says how it ended. */
export function statusLabel(status: EngineStatusValue): string {
  const reason = status.state === 'backoff' ? exitReason(status.lastExit) : undefined;
  return reason ? `Engine crashed (${reason}), restarting…` : LABELS[status.state];
}

/** "3 of 4 cameras live", "No cameras yet". */
export function camerasLabel(summary: EngineSummary): string {
  const { total, live } = summary.cameras;
  if (total === 0) return 'No cameras yet';
  return live === total ? `${total === 1 ? 'Camera' : `All ${total} cameras`} live` : `${live} of ${total} cameras live`;
}

/** The icon to show: ok, problem (a crash or a camera in trouble), or off (stopped on purpose). */
export function trayLevel(state: Pick<TrayState, 'status' | 'summary'>): 'ok' | 'problem' | 'off' {
  if (state.status.state === 'paused' || state.status.state === 'stopped') return 'off';
  if (state.status.state === 'backoff') return 'problem';
  return (state.summary?.cameras.problems.length ?? 0) + (state.summary?.problems?.length ?? 0) > 0 ? 'problem' : 'ok';
}

/** The tooltip: the engine, or once it answers its cameras and any trouble. */
export function trayTooltip(state: Pick<TrayState, 'status' | 'summary'>): string {
  const { status, summary } = state;
  if (status.state !== 'running' || !summary) return `Vigil Streamer — ${statusLabel(status)}`;
  const problems = summary.cameras.problems;
  const trouble = problems.length === 0 ? '' : `; ${problems.length === 1 ? `${problems[0]!.name} has a problem` : `${problems.length} cameras have a problem`}`;
  return `Vigil Streamer — ${camerasLabel(summary)}${trouble}`;
}

/** Menu: status, cameras and their problems, open, alerts, restart, pause, start at login, quit. */
export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const { status, summary } = state;
  const paused = status.state === 'paused';
  const info = (label: string): MenuItemConstructorOptions => ({ label, enabled: false });
  const problems = summary?.cameras.problems ?? [];
  const systemProblems = summary?.problems ?? [];
  return [
    info(statusLabel(status)),
    ...(status.state === 'running' && summary ? [info(camerasLabel(summary))] : []),
    ...problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => info(`⚠ ${problem.name}: ${problem.message}`.slice(0, 100))),
    ...(problems.length > MAX_LISTED_PROBLEMS ? [info(`…and ${problems.length - MAX_LISTED_PROBLEMS} more`)] : []),
    // The System screen's problems in its own words; each opens the app on that screen.
    ...systemProblems.slice(0, MAX_LISTED_PROBLEMS).map((message): MenuItemConstructorOptions => ({ label: `⚠ ${message}`.slice(0, 100), click: () => actions.openSystem() })),
    ...(systemProblems.length > MAX_LISTED_PROBLEMS ? [{ label: `…and ${systemProblems.length - MAX_LISTED_PROBLEMS} more on the System screen`, click: () => actions.openSystem() }] : []),
    { type: 'separator' },
    { label: 'Open Vigil Streamer', click: () => actions.openWindow() },
    {
      label: 'Alerts',
      // The mode lives in the engine: unknown (and not switchable) while it does not answer.
      enabled: summary !== undefined,
      submenu: MODES.map(([mode, label]) => ({ label, type: 'radio', checked: summary?.alertMode === mode, click: () => actions.setAlertMode(mode) })),
    },
    { type: 'separator' },
    // Paused means stopped on purpose: Resume, not Restart, brings it back.
    { label: 'Restart engine', enabled: !paused, click: () => actions.restart() },
    // The engine has no switch for recording alone: pausing stops cameras, recording and alerts together.
    { label: paused ? 'Resume cameras and recording' : 'Pause cameras and recording', click: () => actions.setPaused(!paused) },
    { label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
