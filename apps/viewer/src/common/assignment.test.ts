import { describe, expect, it } from 'vitest';
import { assignCamera, clearTile, emptyAssignment, firstEmptyTile, normalizeAssignment, removeStreamer, swapTiles } from './assignment.ts';

const a = { streamerId: 'S1', cameraId: 'front' };
const b = { streamerId: 'S1', cameraId: 'back' };
const c = { streamerId: 'S2', cameraId: 'garage' };

describe('assignment moves', () => {
  it('puts a camera on an empty tile', () => {
    const next = assignCamera(emptyAssignment(), 2, a);
    expect(next[2]).toEqual(a);
    expect(next).toHaveLength(9);
  });

  it('moves a camera that is already shown, instead of showing it twice', () => {
    const one = assignCamera(emptyAssignment(), 0, a);
    const two = assignCamera(one, 3, a);
    expect(two[0]).toBeNull();
    expect(two[3]).toEqual(a);
  });

  it('swaps when dropped onto a tile that shows another camera', () => {
    let s = assignCamera(emptyAssignment(), 0, a);
    s = assignCamera(s, 1, b);
    s = assignCamera(s, 1, a);
    expect(s[0]).toEqual(b);
    expect(s[1]).toEqual(a);
  });

  it('replaces a camera that was not shown anywhere', () => {
    const s = assignCamera(assignCamera(emptyAssignment(), 0, a), 0, c);
    expect(s[0]).toEqual(c);
    expect(s.filter(Boolean)).toHaveLength(1);
  });

  it('ignores out-of-range tiles and returns the same object for no-ops', () => {
    const s = assignCamera(emptyAssignment(), 0, a);
    expect(assignCamera(s, 9, b)).toBe(s);
    expect(assignCamera(s, 0, a)).toBe(s);
    expect(swapTiles(s, 0, 0)).toBe(s);
    expect(clearTile(s, 5)).toBe(s);
  });

  it('swaps two tiles and clears one', () => {
    let s = assignCamera(emptyAssignment(), 0, a);
    s = swapTiles(s, 0, 4);
    expect(s[4]).toEqual(a);
    expect(s[0]).toBeNull();
    expect(clearTile(s, 4)[4]).toBeNull();
  });

  it('empties the tiles of a removed streamer only', () => {
    let s = assignCamera(emptyAssignment(), 0, a);
    s = assignCamera(s, 1, c);
    s = removeStreamer(s, 'S1');
    expect(s[0]).toBeNull();
    expect(s[1]).toEqual(c);
  });

  it('finds the first empty visible tile', () => {
    const s = assignCamera(emptyAssignment(), 0, a);
    expect(firstEmptyTile(s, 4)).toBe(1);
    expect(firstEmptyTile(s, 1)).toBe(-1);
  });

  it('normalises saved arrays of any length', () => {
    expect(normalizeAssignment([a])).toHaveLength(9);
    expect(normalizeAssignment(new Array(20).fill(a))).toHaveLength(9);
  });
});
