/** IPC: engine:status, engine:restart, engine:set-paused; app:take-screen (the tray's request). */
import { handleChannel, type IpcGuard } from '@vigil/shell/ipc';
import { streamerIpc } from '../common/ipc.ts';
import type { EngineSupervisor } from './supervisor.ts';

/** Registers the engine channels; `setPaused` also persists the choice and updates the tray. */
export function install(guard: IpcGuard, engine: EngineSupervisor, setPaused: (paused: boolean) => Promise<void>): void {
  handleChannel(guard, streamerIpc.engineStatus, () => engine.status());
  handleChannel(guard, streamerIpc.engineRestart, async () => {
    await engine.restart();
    return engine.status();
  });
  handleChannel(guard, streamerIpc.engineSetPaused, async ({ paused }) => {
    await setPaused(paused);
    return engine.status();
  });
}

/** The screen the tray asked for, handed to the window once (app:take-screen). */
export function installScreenRequests(guard: IpcGuard): { request(screen: 'system'): void } {
  let pending: 'system' | null = null;
  handleChannel(guard, streamerIpc.takeScreen, () => {
    const screen = pending;
    pending = null;
    return screen;
  });
  return { request: (screen) => void (pending = screen) };
}
