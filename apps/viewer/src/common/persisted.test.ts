import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID, readGrid, readStreamers } from './persisted.ts';
import { parseCamerasResponse } from './cameras.ts';
import { createMemoryStorage, pinsOf } from './platform.ts';

const good = { id: 'A'.repeat(22), name: 'Home', url: 'ws://127.0.0.1:1', cameras: [], addedAt: 1 };

describe('persisted state', () => {
  it('keeps valid streamers and drops broken or duplicate ones', () => {
    expect(readStreamers([good, { ...good }, { id: 'short' }, null])).toEqual([{ ...good, routes: [{ url: good.url, via: 'direct' }] }]);
    expect(readStreamers('nonsense')).toEqual([]);
  });

  it('migrates a streamer saved before routes to its one direct route, pin included', () => {
    const fp = 'F'.repeat(22);
    const old = { ...good, url: 'wss://192.168.1.20:8443', fingerprint: fp };
    expect(readStreamers([old])).toEqual([{ ...old, routes: [{ url: 'wss://192.168.1.20:8443', fingerprint: fp, via: 'direct' }] }]);
  });

  it('keeps saved routes and lastGood; a broken route list or a lastGood not listed falls back', () => {
    const fp = 'F'.repeat(22);
    const routes = [
      { url: 'wss://192.168.1.20:8443', fingerprint: fp, via: 'direct' },
      { url: 'wss://relay.example.org', via: 'relay' },
    ];
    const saved = { ...good, url: 'wss://relay.example.org', fingerprint: fp, routes, lastGood: 'wss://relay.example.org' };
    expect(readStreamers([saved])).toEqual([saved]);
    // ws:// off loopback is not a route: the list is dropped, the pairing kept on its url.
    const broken = readStreamers([{ ...saved, url: 'wss://192.168.1.20:8443', routes: [{ url: 'ws://10.0.0.1:1', via: 'direct' }], lastGood: 'wss://elsewhere' }]);
    expect(broken).toEqual([{ ...good, url: 'wss://192.168.1.20:8443', fingerprint: fp, routes: [{ url: 'wss://192.168.1.20:8443', fingerprint: fp, via: 'direct' }] }]);
  });

  it('reads a saved grid or falls back to the default', () => {
    const saved = { layout: 6, assignment: [{ streamerId: 'S', cameraId: 'c' }] };
    const grid = readGrid(saved);
    expect(grid.layout).toBe(6);
    expect(grid.assignment).toHaveLength(9);
    expect(grid.assignment[0]).toEqual({ streamerId: 'S', cameraId: 'c' });
    expect(readGrid({ layout: 5, assignment: [] })).toBe(DEFAULT_GRID);
    expect(readGrid(undefined)).toBe(DEFAULT_GRID);
  });

  it('round-trips through memory storage as JSON', async () => {
    const storage = createMemoryStorage();
    await storage.save('grid', { layout: 2, assignment: [] });
    expect(await storage.load('grid')).toEqual({ layout: 2, assignment: [] });
    expect(await storage.load('streamers')).toBeUndefined();
  });
});

describe('cameras response', () => {
  it('reads a camera list', () => {
    expect(parseCamerasResponse('{"cameras":[{"id":"front","name":"","state":"live"}]}')).toEqual({
      ok: true,
      cameras: [{ id: 'front', name: 'front', state: 'live' }],
    });
  });

  it('reports errors in words', () => {
    expect(parseCamerasResponse('{"error":"not paired"}')).toEqual({ ok: false, error: 'not paired' });
    expect(parseCamerasResponse('nope').ok).toBe(false);
    expect(parseCamerasResponse('{"cameras":5}').ok).toBe(false);
  });
});

describe('pins', () => {
  it('lists one pin per wss URL and fingerprint, none for ws', () => {
    const fp = 'F'.repeat(22);
    expect(
      pinsOf([
        { url: 'wss://10.0.0.2:8443', fingerprint: fp },
        { url: 'wss://10.0.0.2:8443', fingerprint: fp },
        { url: 'ws://127.0.0.1:1' },
        { url: 'wss://10.0.0.3:8443' },
      ]),
    ).toEqual([{ url: 'wss://10.0.0.2:8443', pin: fp }]);
  });

  it('pins each route by its own fingerprint; a relay without one gets none (system CAs)', () => {
    const fp = 'F'.repeat(22);
    const relayPin = 'R'.repeat(22);
    const routes = [
      { url: 'wss://192.168.1.20:8443', fingerprint: fp, via: 'direct' as const },
      { url: 'wss://203.0.113.7:8443', fingerprint: fp, via: 'direct' as const },
      { url: 'wss://relay.example.org:8443', fingerprint: relayPin, via: 'relay' as const },
      { url: 'wss://ca-relay.example.org', via: 'relay' as const },
    ];
    expect(pinsOf([{ url: routes[0]!.url, fingerprint: fp, routes }])).toEqual([
      { url: 'wss://192.168.1.20:8443', pin: fp },
      { url: 'wss://203.0.113.7:8443', pin: fp },
      { url: 'wss://relay.example.org:8443', pin: relayPin },
    ]);
  });
});
