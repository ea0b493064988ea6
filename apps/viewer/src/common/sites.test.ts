import { describe, expect, it } from 'vitest';
import { parseCamerasResponse } from './cameras.ts';
import { DEFAULT_GRID, readGrid, readStreamers } from './persisted.ts';
import { filledAfterPairing, layoutFor, siteGrid, sitesOf } from './sites.ts';
import type { CameraInfo, PairedStreamer } from './streamers.ts';

const ID = 'A'.repeat(22);
const cam = (id: string, site?: string): CameraInfo => ({ id, name: id, state: 'live', ...(site ? { site } : {}) });
const streamer = (cameras: CameraInfo[]): PairedStreamer => ({ id: ID, name: 'Home', url: 'ws://127.0.0.1:1', routes: [{ url: 'ws://127.0.0.1:1', via: 'direct' }], cameras, addedAt: 1 });

describe('layoutFor', () => {
  it('picks the smallest layout that holds the cameras, at most 9 tiles', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 40].map(layoutFor)).toEqual([1, 1, 2, 3, 4, 6, 6, 9, 9, 9, 9, 9]);
  });
});

describe('filledAfterPairing', () => {
  it('fills an empty grid with every camera in the smallest layout that holds them', () => {
    for (const [count, layout] of [[1, 1], [2, 2], [3, 3], [4, 4], [5, 6], [7, 9], [12, 9]] as const) {
      const grid = filledAfterPairing(DEFAULT_GRID, streamer(Array.from({ length: count }, (_, i) => cam(`c${i}`))))!;
      expect(grid.layout).toBe(layout);
      expect(grid.assignment.filter(Boolean).map((r) => r!.cameraId)).toEqual(Array.from({ length: Math.min(count, 9) }, (_, i) => `c${i}`));
    }
  });

  it('leaves a grid that shows anything, and fills nothing without cameras', () => {
    const arranged = siteGrid(streamer([cam('door', 'Home')]), 'home')!;
    expect(filledAfterPairing(arranged, streamer([cam('porch'), cam('yard')]))).toBeUndefined();
    expect(filledAfterPairing(DEFAULT_GRID, streamer([]))).toBeUndefined();
  });
});

describe('siteGrid', () => {
  const home = streamer([cam('door', 'Home'), cam('shop-1', 'Shop'), cam('drive', 'home'), cam('loose'), cam('garage', 'Home ')]);

  it('fills the grid with one site’s cameras in the streamer’s order, the other tiles empty', () => {
    const grid = siteGrid(home, 'home')!;
    expect(grid.layout).toBe(3);
    expect(grid.assignment.slice(0, 3).map((r) => r?.cameraId)).toEqual(['door', 'drive', 'garage']);
    expect(grid.assignment).toHaveLength(9);
    expect(grid.assignment.slice(3).every((r) => r === null)).toBe(true);
    expect(grid.assignment[0]).toEqual({ streamerId: ID, cameraId: 'door' });
  });

  it('shows the cameras without a site under the empty key, and nothing for an unknown site', () => {
    expect(siteGrid(home, '')!.assignment[0]?.cameraId).toBe('loose');
    expect(siteGrid(home, 'barn')).toBeUndefined();
  });

  it('keeps to the first nine cameras of a large site', () => {
    const big = streamer(Array.from({ length: 12 }, (_, i) => cam(`c${i}`, 'Farm')));
    const grid = siteGrid(big, 'farm')!;
    expect(grid.layout).toBe(9);
    expect(grid.assignment.map((r) => r?.cameraId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
  });

  it('gives a grid that survives being saved and read back', () => {
    const grid = siteGrid(home, 'shop')!;
    expect(readGrid(JSON.parse(JSON.stringify(grid)))).toEqual(grid);
  });

  it('lists sites alphabetically with the unsited cameras last', () => {
    expect(sitesOf(home.cameras).map((g) => [g.name, g.items.length])).toEqual([
      ['Home', 3],
      ['Shop', 1],
      [undefined, 1],
    ]);
  });
});

describe('sites from the streamer and from storage', () => {
  it('reads the site a current engine sends, trimmed', () => {
    const result = parseCamerasResponse('{"cameras":[{"id":"door","name":"Door","state":"live","site":" Home "}]}');
    expect(result).toEqual({ ok: true, cameras: [{ id: 'door', name: 'Door', state: 'live', site: 'Home' }] });
  });

  it('works with an engine from before sites, and drops a site it cannot read instead of the list', () => {
    expect(parseCamerasResponse('{"cameras":[{"id":"door","name":"Door","state":"live"}]}')).toEqual({ ok: true, cameras: [cam('door')].map((c) => ({ ...c, name: 'Door' })) });
    const odd = parseCamerasResponse(JSON.stringify({ cameras: [{ id: 'a', name: 'A', state: 'live', site: 'x'.repeat(200) }, { id: 'b', name: 'B', state: 'live', site: 5 }] }));
    expect(odd).toEqual({ ok: true, cameras: [{ id: 'a', name: 'A', state: 'live' }, { id: 'b', name: 'B', state: 'live' }] });
  });

  it('keeps sites of saved cameras, and loads cameras saved before sites', () => {
    const saved = [{ ...streamer([cam('door', 'Home'), cam('old')]) }];
    expect(readStreamers(JSON.parse(JSON.stringify(saved)))[0]!.cameras).toEqual([cam('door', 'Home'), cam('old')]);
  });
});
