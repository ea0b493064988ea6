// The manifest and the event store on a really full disk: a tiny tmpfs (the test runs as root, as CI does) filled to
// the last byte, so an append stops part-way through a line the way write(2) does there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain, type EntryBody } from './chain.ts';
import { EventStore } from './events.ts';
import { openManifest } from './manifest.ts';

const base = mkdtempSync(join(tmpdir(), 'vigil-manifest-'));
const mount = join(base, 'tmpfs');
const body = (n: number): EntryBody =>
  ({ type: 'segment', at: n, camera: 'cam', file: `cam_20260101T${String(n).padStart(6, '0')}Z_a.mp4`, start: n * 1000, end: n * 1000 + 999, bytes: 10, sha256: 'a'.repeat(64) }) as EntryBody;

/** Fills the filesystem: the last write of a few bytes at a time ends at ENOSPC. */
function fill(file: string) {
  try {
    writeFileSync(file, Buffer.alloc(1024 * 1024));
  } catch {
    // Already short of a megabyte.
  }
  for (let chunk = 4096; chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (;;) {
      try {
        writeFileSync(file, Buffer.alloc(chunk), { flag: 'a' });
      } catch {
        break;
      }
    }
  }
}

let mounted = false;
beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('needs root: mounts a 2 MB tmpfs to fill (README, "Test it")');
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
  mounted = true;
});
afterAll(() => {
  if (mounted) execFileSync('umount', [mount]);
  rmSync(base, { recursive: true, force: true });
});

describe('manifest on a full disk', () => {
  it('never leaves a partial line between whole ones, and goes on once space is back', async () => {
    const dir = join(mount, 'cam');
    mkdirSync(dir);
    const manifest = await openManifest(dir);
    let n = 0;
    for (; n < 3; n++) await manifest.append(body(n));
    fill(join(mount, 'filler'));
    // Appends fail once the manifest's last block is full (a partial line may have been written).
    const failures: string[] = [];
    for (let tries = 0; tries < 200 && failures.length < 3; tries++) {
      await manifest.append(body(n)).then(
        () => n++,
        (error: NodeJS.ErrnoException) => failures.push(error.code ?? error.message),
      );
    }
    expect(failures).toEqual(['ENOSPC', 'ENOSPC', 'ENOSPC']);
    const full = checkChain(readFileSync(join(dir, 'manifest.jsonl'), 'utf8'));
    expect(full.problems).toEqual([]);
    expect(full.entries).toHaveLength(n);

    unlinkSync(join(mount, 'filler'));
    await manifest.append(body(n++));
    await manifest.close();
    const after = checkChain(readFileSync(join(dir, 'manifest.jsonl'), 'utf8'));
    expect(after.problems).toEqual([]);
    expect(after.entries.map((entry) => entry.seq)).toEqual([...Array(n).keys()]);
    // And it opens again, as after an engine restart.
    await (await openManifest(dir)).close();
  });
});

describe('event store on a full disk', () => {
  it('loses no event that was stored after the disk had room again', async () => {
    const dir = join(mount, 'events');
    mkdirSync(dir);
    const store = await EventStore.open(dir);
    const event = (n: number) => ({ id: `event-${n}-${'x'.repeat(200)}`, camera: 'cam', start: n * 1000 });
    await store.put(event(0));
    fill(join(mount, 'filler'));
    let n = 1;
    for (let failed = 0; failed < 3 && n < 200; n++) await store.put(event(n)).catch(() => failed++);
    unlinkSync(join(mount, 'filler'));
    await store.put(event(n));
    const reopened = await EventStore.open(dir);
    const ids = reopened.within(0, Infinity).map((stored) => stored.id);
    expect(ids[0]).toBe(event(0).id);
    expect(ids.at(-1)).toBe(event(n).id);
  });
});
