import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COOLDOWN_LIMITS, CooldownWriter, loadCooldowns, pruneMarks, type CooldownMark } from './cooldowns.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0);
const mark = (at: number, camera = 'front'): CooldownMark => ({ rule: 'r', camera, at, event: `e${at}` });
let dir: string;
const lines: string[] = [];
const log = (_level: string, message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-cooldowns-'));
  lines.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('pruneMarks', () => {
  it('drops marks older than the longest cooldown and marks from the future; newest first', () => {
    const kept = pruneMarks([mark(NOW - COOLDOWN_LIMITS.maxAgeMs), mark(NOW - 1000), mark(NOW + 60_000), mark(NOW)], NOW);
    expect(kept.map((m) => m.at)).toEqual([NOW, NOW - 1000]);
  });

  it('keeps at most maxMarks, the newest', () => {
    const many = Array.from({ length: COOLDOWN_LIMITS.maxMarks + 50 }, (_, i) => mark(NOW - i, `cam${i}`));
    const kept = pruneMarks(many, NOW);
    expect(kept).toHaveLength(COOLDOWN_LIMITS.maxMarks);
    expect(kept.at(-1)!.camera).toBe(`cam${COOLDOWN_LIMITS.maxMarks - 1}`);
  });
});

describe('loadCooldowns / CooldownWriter', () => {
  it('round-trips the marks through the file', async () => {
    const file = join(dir, 'cooldowns.json');
    await new CooldownWriter(file, log).save(() => [mark(NOW - 5000), mark(NOW - 10, 'back')]);
    expect(await loadCooldowns(file, NOW, log)).toEqual([mark(NOW - 10, 'back'), mark(NOW - 5000)]);
    expect(lines).toEqual([]);
  });

  it('a missing file is a first run: no marks, nothing logged', async () => {
    expect(await loadCooldowns(join(dir, 'none.json'), NOW, log)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it.each([
    ['not JSON', 'garbage{'],
    ['another version', JSON.stringify({ version: 2, marks: [] })],
    ['a mark without a rule', JSON.stringify({ version: 1, marks: [{ camera: 'front', at: NOW, event: 'e' }] })],
  ])('%s: no marks, the reason logged', async (_name, text) => {
    const file = join(dir, 'cooldowns.json');
    await writeFile(file, text);
    expect(await loadCooldowns(file, NOW, log)).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cooldowns file damaged; starting without cooldowns \{"reason":".+"\}$/);
  });

  it('a failed write is logged, not thrown; the next write still happens', async () => {
    const writer = new CooldownWriter(join(dir, 'missing-folder', 'cooldowns.json'), log);
    await expect(writer.save(() => [mark(NOW)])).resolves.toBeUndefined();
    expect(lines[0]).toMatch(/^cooldowns not saved .*ENOENT/);
    const ok = new CooldownWriter(join(dir, 'cooldowns.json'), log);
    await Promise.all([ok.save(() => [mark(NOW - 2)]), ok.save(() => [mark(NOW - 1)])]);
    expect(JSON.parse(await readFile(join(dir, 'cooldowns.json'), 'utf8')).marks).toEqual([mark(NOW - 1)]);
  });
});
