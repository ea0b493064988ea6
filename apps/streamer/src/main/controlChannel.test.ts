import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ControlConnection } from '../common/ipc.ts';
import { readControlConnection } from './controlChannel.ts';

describe('control:connection', () => {
  it('hands the UI the API address and the token from the engine’s file, and only a well-formed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-control-'));
    const file = join(dir, 'admin-token');
    try {
      await expect(readControlConnection('http://127.0.0.1:7480', file)).rejects.toThrow(/not created its admin token/);
      await writeFile(file, 'short\n');
      await expect(readControlConnection('http://127.0.0.1:7480', file)).rejects.toThrow(/admin token/);
      const token = 'A'.repeat(43);
      await writeFile(file, `${token}\n`);
      const value = await readControlConnection('http://127.0.0.1:7480', file);
      expect(ControlConnection.parse(value)).toEqual({ apiUrl: 'http://127.0.0.1:7480', token });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
