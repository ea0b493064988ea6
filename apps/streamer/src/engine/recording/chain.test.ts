import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@vigil/shared/recording';
import { checkChain, type EntryBody } from './chain.ts';
import { openManifest } from './manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = (n: number): EntryBody => ({ type: 'segment', at: n, camera: 'cam', file: `cam_20260101T00000${n}Z_a.mp4`, start: n * 1000, end: n * 1000 + 999, bytes: 10, sha256: 'a'.repeat(64) }) as EntryBody;

describe('manifest hash chain', () => {
  it('chains appends, survives a reopen and detects edits, removals and reordering', async () => {
    const manifest = await openManifest(dir);
    for (let n = 0; n < 4; n++) await manifest.append(body(n));
    await manifest.append({ type: 'delete', at: 9, camera: 'cam', file: body(0).file as string, reason: 'age' } as EntryBody);
    await manifest.close();
    const file = join(dir, 'manifest.jsonl');
    const text = readFileSync(file, 'utf8');
    const good = checkChain(text);
    expect(good.problems).toEqual([]);
    expect(good.entries[0]!.prev).toBe(GENESIS_HASH);
    expect(good.entries.map((entry) => entry.seq)).toEqual([0, 1, 2, 3, 4]);

    const lines = text.trim().split('\n');
    expect(checkChain(lines[0]!.replace('"bytes":10', '"bytes":11') + '\n' + lines.slice(1).join('\n')).problems[0]!.message).toMatch(/altered/);
    expect(checkChain([lines[0], lines[2], lines[3]].join('\n')).problems.map((p) => p.message).join()).toMatch(/chain broken/);
    expect(checkChain([lines[1], lines[0], ...lines.slice(2)].join('\n')).problems.length).toBeGreaterThan(0);
    // An excerpt verifies from its own anchor.
    expect(checkChain(lines.slice(2).join('\n'), good.entries[1]!.hash).problems).toEqual([]);
  });

  it('cuts a torn last line on open and goes on chaining', async () => {
    const file = join(dir, 'manifest.jsonl');
    appendFileSync(file, '{"type":"segment","at":1');
    const torn = checkChain(readFileSync(file, 'utf8'));
    expect(torn.tornTail).toBe(true);
    const manifest = await openManifest(dir);
    await manifest.append(body(5));
    await manifest.close();
    const after = checkChain(readFileSync(file, 'utf8'));
    expect(after.problems).toEqual([]);
    expect(after.entries.at(-1)!.seq).toBe(5);
  });

  it('refuses to open a manifest whose chain is broken', async () => {
    const other = mkdtempSync(join(dir, 'broken-'));
    const text = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').split('\n');
    writeFileSync(join(other, 'manifest.jsonl'), [text[0], text[2]].join('\n') + '\n');
    await expect(openManifest(other)).rejects.toThrow(/damaged/);
  });
});
