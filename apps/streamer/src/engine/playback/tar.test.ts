import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tarArchive } from './tar.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tarArchive', () => {
  it('writes an archive that tar extracts byte for byte, of the announced size', async () => {
    const small = join(dir, 'small.txt');
    const big = join(dir, 'big.bin');
    writeFileSync(small, 'hello\n');
    writeFileSync(big, Buffer.from(Array.from({ length: 200_001 }, (_, i) => i % 251)));
    const longFolder = `bundle_${'x'.repeat(80)}/segments`;
    const { bytes, chunks } = await tarArchive([
      { name: 'bundle/small.txt', path: small },
      { name: `${longFolder}/big.bin`, path: big },
    ]);
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks()) parts.push(chunk);
    const archive = Buffer.concat(parts);
    expect(archive.byteLength).toBe(bytes);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(dir, 'a.tar'), archive);
    const run = spawnSync('tar', ['-xf', join(dir, 'a.tar'), '-C', out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(readFileSync(join(out, 'bundle/small.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(out, longFolder, 'big.bin')).equals(readFileSync(big))).toBe(true);
  });
});
