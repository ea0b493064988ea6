/** IPC: engine:status, engine:restart, engine:set-paused. */
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
