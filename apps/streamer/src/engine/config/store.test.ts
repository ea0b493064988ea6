import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, openConfigStore } from './store.ts';
import { loadOrCreateToken, tokenMatches } from './token.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const camera = { id: 'porch', name: 'Porch', source: { kind: 'test-pattern' as const } };

describe('config store', () => {
  it('creates the file with defaults, private to the user', async () => {
    const file = join(dir, 'sub', 'config.json');
    const store = await openConfigStore(file);
    expect(store.current().api).toEqual({ host: '127.0.0.1', port: 7480 });
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('saves, reloads and leaves no temporary files', async () => {
    const file = join(dir, 'config.json');
    const store = await openConfigStore(file);
    await store.save({ ...store.current(), cameras: [camera] });
    const again = await openConfigStore(file);
    expect(again.current().cameras[0]).toMatchObject({ id: 'porch', source: { kind: 'test-pattern', width: 640, fps: 15 } });
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('serialises concurrent saves so the last one wins whole', async () => {
    const store = await openConfigStore(join(dir, 'config.json'));
    const saves = Array.from({ length: 20 }, (_, i) => store.save({ ...store.current(), name: `name ${i}` }));
    await Promise.all(saves);
    const again = await openConfigStore(join(dir, 'config.json'));
    expect(again.current().name).toBe('name 19');
  });

  it('refuses an invalid file with the field named, and does not touch it', async () => {
    const file = join(dir, 'config.json');
    const text = JSON.stringify({ version: 1, cameras: [{ ...camera, source: { kind: 'rtsp', url: 'http://x' } }] });
    await writeFile(file, text);
    await expect(openConfigStore(file)).rejects.toThrow(/cameras\.0\.source\.url: must be an rtsp/);
    await writeFile(file, '{ broken');
    await expect(openConfigStore(file)).rejects.toBeInstanceOf(ConfigError);
    expect(await readFile(file, 'utf8')).toBe('{ broken');
  });

  it('refuses duplicate camera ids', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ cameras: [camera, camera] }));
    await expect(openConfigStore(file)).rejects.toThrow(/"porch" appears twice/);
  });

  it('keeps the old file whole when the disk is full', async () => {
    // Fails, not skips, without root: a skipped test would hide that this path went unchecked.
    if (process.getuid?.() !== 0) throw new Error('needs root: mounts a 16 KB tmpfs to fill (README, "Test it")');
    const mnt = join(dir, 'tiny');
    execFileSync('mkdir', ['-p', mnt]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt]);
    try {
      const file = join(mnt, 'config.json');
      const store = await openConfigStore(file);
      await store.save({ ...store.current(), cameras: [camera] });
      const before = await readFile(file, 'utf8');
      const huge = Array.from({ length: 60 }, (_, i) => ({ ...camera, id: `cam-${i}`, name: 'x'.repeat(80) }));
      await writeFile(join(mnt, 'filler'), Buffer.alloc(12 * 1024));
      await expect(store.save({ ...store.current(), cameras: huge })).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(store.current().cameras).toHaveLength(1);
      expect((await readdir(mnt)).sort()).toEqual(['config.json', 'filler']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('admin token', () => {
  it('is created once, kept private and compared exactly', async () => {
    const file = join(dir, 'token');
    const token = await loadOrCreateToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await loadOrCreateToken(file)).toBe(token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
  });
});
