/**
 * The viewer's preload: exposes `window.vigil`, one narrow function per IPC channel of
 * common/ipc.ts, and nothing else — never ipcRenderer or a generic invoke. Arguments are checked
 * here as well as in main, so a mistake in the page fails loudly before it crosses processes.
 *
 * Runs in a sandboxed renderer: bundled into one CommonJS file (apps/shell/scripts/build.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { z } from 'zod';
import { viewerIpc, type Channel, type ViewerBridge } from '../common/ipc.ts';

async function call<A extends z.ZodType, R extends z.ZodType>(channel: Channel<A, R>, args: z.input<A>): Promise<z.output<R>> {
  return channel.result.parse(await ipcRenderer.invoke(channel.name, channel.args.parse(args)));
}

const bridge: ViewerBridge = {
  platform: 'electron',
  secrets: {
    status: () => call(viewerIpc.secretsStatus, {}),
    get: async (key) => (await call(viewerIpc.secretsGet, { key })).value,
    set: async (key, value) => void (await call(viewerIpc.secretsSet, { key, value })),
    delete: async (key) => (await call(viewerIpc.secretsDelete, { key })).deleted,
  },
  screen: {
    capture: (maxWidth) => call(viewerIpc.screenCapture, maxWidth === undefined ? {} : { maxWidth }),
  },
  pins: {
    set: async (pins) => (await call(viewerIpc.pinsSet, { pins })).count,
  },
};

contextBridge.exposeInMainWorld('vigil', bridge);
