/**
 * The streamer app's preload: `window.vigil.engine`, one narrow function per channel of
 * common/ipc.ts; never ipcRenderer itself. Bundled into one CommonJS file for the sandbox.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { z } from 'zod';
import { streamerIpc, type Channel, type StreamerBridge } from '../common/ipc.ts';

async function call<A extends z.ZodType, R extends z.ZodType>(channel: Channel<A, R>, args: z.input<A>): Promise<z.output<R>> {
  return channel.result.parse(await ipcRenderer.invoke(channel.name, channel.args.parse(args)));
}

const bridge: StreamerBridge = {
  platform: 'electron',
  engine: {
    status: () => call(streamerIpc.engineStatus, {}),
    restart: () => call(streamerIpc.engineRestart, {}),
    setPaused: (paused) => call(streamerIpc.engineSetPaused, { paused }),
  },
  control: {
    connection: () => call(streamerIpc.controlConnection, {}),
  },
  app: {
    takeScreen: () => call(streamerIpc.takeScreen, {}),
  },
};

contextBridge.exposeInMainWorld('vigil', bridge);
