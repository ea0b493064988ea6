/** IPC: pins:set — the page tells main which streamers it paired with and their key pins. */
import { handleChannel, type IpcGuard } from '@vigil/shell/ipc';
import { viewerIpc, type PinValue } from '../common/ipc.ts';
import type { PinSet } from './pins.ts';

/** Registers pins:set; `changed` persists the pins and re-installs the verifier. */
export function install(guard: IpcGuard, pins: PinSet, changed: (pins: PinValue[]) => void): void {
  handleChannel(guard, viewerIpc.pinsSet, ({ pins: next }) => {
    const count = pins.replace(next);
    changed(next);
    return { count };
  });
}
