/**
 * The preloads as they ship: bundled by the real build script, then run in a VM whose require()
 * offers only a recording stand-in for 'electron' — as in a sandboxed renderer.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { buildPreload } from '../scripts/build.ts';

async function load(app: 'viewer' | 'streamer') {
  const { code, metafile } = await buildPreload(app, false);
  const exposed = new Map<string, unknown>();
  const invoke = vi.fn(async (channel: string, _args: unknown): Promise<unknown> => {
    throw new Error(`unexpected ${channel}`);
  });
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer: { invoke } };
  const module = { exports: {} };
  const required: string[] = [];
  const require = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`sandboxed preload cannot require ${name}`);
  };
  runInNewContext(code, { require, module, exports: module.exports, console });
  return { exposed, invoke, required, metafile };
}

describe('viewer preload bundle', () => {
  it('contains only the preload, the contract and zod, and requires only electron', async () => {
    const { metafile, required } = await load('viewer');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((i) => !i.includes('node_modules/zod/'))).toEqual(expect.arrayContaining(['apps/viewer/src/preload/preload.ts', 'apps/viewer/src/common/ipc.ts']));
    expect(inputs.filter((i) => !i.includes('node_modules/zod/'))).toHaveLength(2);
    expect(required).toEqual(['electron']);
  });

  it('exposes window.vigil with narrow functions only', async () => {
    const { exposed } = await load('viewer');
    expect([...exposed.keys()]).toEqual(['vigil']);
    const api = exposed.get('vigil') as Record<string, Record<string, unknown>>;
    expect(Object.keys(api).sort()).toEqual(['pins', 'platform', 'screen', 'secrets']);
    expect(Object.keys(api.secrets!).sort()).toEqual(['delete', 'get', 'set', 'status']);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|ipc|send/i);
  });

  it('sends validated arguments on the contract channels', async () => {
    const { exposed, invoke } = await load('viewer');
    const api = exposed.get('vigil') as { secrets: { get(k: string): Promise<string | null>; set(k: string, v: string): Promise<void> } };
    invoke.mockResolvedValueOnce({ value: 'x' });
    await expect(api.secrets.get('streamers')).resolves.toBe('x');
    expect(invoke).toHaveBeenLastCalledWith('secrets:get', { key: 'streamers' });
    // A bad key fails in the preload; nothing is sent.
    invoke.mockClear();
    await expect(api.secrets.get('../../etc')).rejects.toThrow();
    expect(invoke).not.toHaveBeenCalled();
    // A result that does not match the contract is refused too.
    invoke.mockResolvedValueOnce({ value: 42 });
    await expect(api.secrets.get('streamers')).rejects.toThrow();
  });
});

describe('streamer preload bundle', () => {
  it('exposes only the engine functions', async () => {
    const { exposed, invoke, required } = await load('streamer');
    expect(required).toEqual(['electron']);
    const api = exposed.get('vigil') as { engine: Record<string, (...a: unknown[]) => Promise<unknown>> };
    expect(Object.keys(api.engine).sort()).toEqual(['restart', 'setPaused', 'status']);
    const status = { state: 'paused', pid: null, restarts: 0, lastExit: null, nextRestartAt: null, apiUrl: 'http://127.0.0.1:7480' };
    invoke.mockResolvedValueOnce(status);
    await expect(api.engine.setPaused!(true)).resolves.toEqual(status);
    expect(invoke).toHaveBeenLastCalledWith('engine:set-paused', { paused: true });
    await expect(api.engine.setPaused!('yes')).rejects.toThrow();
  });
});
