import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStorage, type Platform } from '../../common/platform.ts';
import { hub, useViewer } from './viewer.ts';

const ID = 'A'.repeat(22);
const URI = `vigil://pair?v=1&u=ws://127.0.0.1:9&id=${ID}&t=${'T'.repeat(22)}`;

function platform(initial: Parameters<typeof createMemoryStorage>[0] = {}): Platform {
  return { kind: 'browser', storage: createMemoryStorage(initial) };
}

describe('viewer store', () => {
  // No socket may open in these tests: a stub that never connects.
  const realWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  beforeEach(() => {
    (globalThis as { WebSocket?: unknown }).WebSocket = class {
      readyState = 0;
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      send() {}
      close() {}
    };
  });
  afterEach(() => {
    hub.stop();
    (globalThis as { WebSocket?: unknown }).WebSocket = realWebSocket;
  });

  it('starts on the add screen when nothing is paired, on the live screen otherwise', async () => {
    await useViewer.getState().init(platform());
    expect(useViewer.getState().screen).toBe('add');
    await useViewer.getState().init(platform({ streamers: [{ id: ID, name: 'Home', url: 'ws://127.0.0.1:9', cameras: [], addedAt: 1 }] }));
    expect(useViewer.getState()).toMatchObject({ screen: 'live', loaded: true });
    expect(useViewer.getState().streamers[0]!.name).toBe('Home');
  });

  it('imports opened pairings into storage, keeping the streamers it already has', async () => {
    const storage = createMemoryStorage({ streamers: [{ id: ID, name: 'Mine', url: 'ws://127.0.0.1:9', cameras: [], addedAt: 1 }] });
    await useViewer.getState().init({ kind: 'browser', storage });
    const other = { id: 'B'.repeat(22), name: 'Shop', url: 'wss://10.0.0.9:8443', routes: [{ url: 'wss://10.0.0.9:8443', fingerprint: 'F'.repeat(22), via: 'direct' as const }], fingerprint: 'F'.repeat(22), cameras: [], addedAt: 2 };
    expect(useViewer.getState().importPairings([{ ...useViewer.getState().streamers[0]!, name: 'Theirs' }, other])).toEqual({ added: 1, updated: 0, unchanged: 1 });
    expect(((await storage.load('streamers')) as { name: string }[]).map((s) => s.name)).toEqual(['Mine', 'Shop']);
  });

  // Pairing itself runs against the real engine in tests/e2e/viewer-engine.test.ts.
  it('explains a bad pairing code and adds nothing', async () => {
    const p = platform();
    await useViewer.getState().init(p);
    expect(await useViewer.getState().addFromUri('hello')).toEqual({ ok: false, error: 'not a Vigil pairing code (expected vigil://pair?…)' });
    expect(await useViewer.getState().addFromUri(URI.replace('v=1', 'v=9'))).toMatchObject({ ok: false, error: /version 9/ });
    expect(useViewer.getState().streamers).toEqual([]);
    expect(hub.client('ws://127.0.0.1:9')).toBeUndefined();
  });

  it('connects to the signalling server of every stored streamer', async () => {
    await useViewer.getState().init(platform({ streamers: [{ id: ID, name: 'Home', url: 'ws://127.0.0.1:9', cameras: [], addedAt: 1 }] }));
    expect(hub.client('ws://127.0.0.1:9')).toBeDefined();
  });

  it('saves layout and assignment, and removing a streamer empties its tiles', async () => {
    const p = platform({ streamers: [{ id: ID, name: 'Home', url: 'ws://127.0.0.1:9', cameras: [], addedAt: 1 }] });
    await useViewer.getState().init(p);
    useViewer.getState().setLayout(9);
    useViewer.getState().assign(4, { streamerId: ID, cameraId: 'front' });
    await new Promise((r) => setTimeout(r, 0));
    expect(await p.storage.load('grid')).toMatchObject({ layout: 9, assignment: expect.arrayContaining([{ streamerId: ID, cameraId: 'front' }]) });
    useViewer.getState().remove(ID);
    await new Promise((r) => setTimeout(r, 0));
    expect(useViewer.getState().grid.assignment.every((a) => a === null)).toBe(true);
    expect(hub.client('ws://127.0.0.1:9')).toBeUndefined();
  });

  it('shows a site: its cameras fill the smallest layout that holds them, and the grid is saved', async () => {
    const cameras = [
      { id: 'door', name: 'Door', state: 'live', site: 'Home' },
      { id: 'shop', name: 'Shop', state: 'live', site: 'Shop' },
      { id: 'drive', name: 'Drive', state: 'live', site: 'Home' },
    ];
    const p = platform({ streamers: [{ id: ID, name: 'Home', url: 'ws://127.0.0.1:9', cameras, addedAt: 1 }] });
    await useViewer.getState().init(p);
    useViewer.getState().setLayout(9);
    useViewer.getState().assign(8, { streamerId: ID, cameraId: 'shop' });
    useViewer.getState().setFullscreen(8);
    useViewer.getState().showSite(ID, 'home');
    await new Promise((r) => setTimeout(r, 0));
    const expected = { layout: 2, assignment: [{ streamerId: ID, cameraId: 'door' }, { streamerId: ID, cameraId: 'drive' }, ...Array(7).fill(null)] };
    expect(useViewer.getState()).toMatchObject({ grid: expected, fullscreen: null });
    expect(await p.storage.load('grid')).toEqual(expected);
    useViewer.getState().showSite(ID, 'barn'); // no such site: the grid stays
    expect(useViewer.getState().grid).toEqual(expected);
  });
});
