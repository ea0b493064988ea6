// The exports folder's limits on a real folder: size and free-space refusals with their reasons,
// concurrency, expiry by age, the disk-pressure sweep, and release staying inside the folder.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportStore } from './export-store.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-export-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A fresh exports folder holding `sizes` bundles of those many bytes. */
function folderWith(...sizes: number[]): string {
  const dir = join(root, `exports-${n++}`);
  mkdirSync(dir);
  sizes.forEach((size, i) => {
    mkdirSync(join(dir, `b${i}`));
    writeFileSync(join(dir, `b${i}`, 'clip.mp4'), Buffer.alloc(size));
  });
  return dir;
}

describe('ExportStore', () => {
  it('refuses an export that would pass maxBytes, counting what is on disk and what is running', async () => {
    const store = new ExportStore(folderWith(600), { maxBytes: 1000 });
    const first = await store.admit(300, undefined, 0);
    await expect(store.admit(300, undefined, 0)).rejects.toThrow(/past their .* limit/);
    first.done();
    first.done(); // idempotent
    (await store.admit(300, undefined, 0)).done();
  });

  it('refuses an export that would eat into the free space kept for recordings', async () => {
    const store = new ExportStore(folderWith());
    await expect(store.admit(500, 1200, 1000)).rejects.toThrow(/not enough free disk space .* without deleting recordings/);
    (await store.admit(100, 1200, 1000)).done();
  });

  it('runs at most maxConcurrent exports at once', async () => {
    const store = new ExportStore(folderWith(), { maxConcurrent: 1 });
    const running = await store.admit(1, undefined, 0);
    await expect(store.admit(1, undefined, 0)).rejects.toThrow(/1 exports are being made already/);
    running.done();
  });

  it('deletes exports older than ttlMs, and every idle one under disk pressure, never one being written', async () => {
    const dir = folderWith(10, 10, 10);
    const store = new ExportStore(dir, { ttlMs: 60_000 });
    // Every age is set from the clock the sweep is given (under faketime the kernel's mtimes are
    // the real clock's, not the shifted one's).
    const at = (ms: number) => ms / 1000;
    utimesSync(join(dir, 'b0'), at(Date.now() - 120_000), at(Date.now() - 120_000));
    for (const fresh of ['b1', 'b2']) utimesSync(join(dir, fresh), at(Date.now()), at(Date.now()));
    expect(await store.sweep(Date.now())).toBe(1);
    expect(existsSync(join(dir, 'b0'))).toBe(false);
    const writing = await store.admit(1, undefined, 0);
    writing.folder(join(dir, 'b1'));
    expect(await store.sweep(Date.now(), true)).toBe(1);
    expect(existsSync(join(dir, 'b1'))).toBe(true);
    expect(existsSync(join(dir, 'b2'))).toBe(false);
    writing.done();
  });

  it('releases only folders inside the exports folder', async () => {
    const dir = folderWith(10);
    const outside = folderWith(10);
    const store = new ExportStore(dir);
    await store.release(join(outside, 'b0'));
    await store.release(join(dir, '..'));
    expect(existsSync(join(outside, 'b0'))).toBe(true);
    await store.release(join(dir, 'b0'));
    expect(existsSync(join(dir, 'b0'))).toBe(false);
  });
});
