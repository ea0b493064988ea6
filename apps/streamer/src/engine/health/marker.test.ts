import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openMarker } from './marker.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-health-marker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MARKER = new URL('./marker.ts', import.meta.url).pathname;

it('finds no crash after a clean stop, and the reason of an uncaught exception after one', () => {
  const file = join(dir, 'running.json');
  const clean = openMarker(file);
  expect(clean.previous).toBeUndefined();
  clean.close();
  expect(existsSync(file)).toBe(false);
  // A real process that dies of an uncaught exception with its marker open.
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(MARKER)}).then((m) => { m.openMarker(${JSON.stringify(file)}); setTimeout(() => { throw new Error('disk controller gone'); }, 10); })`], { encoding: 'utf8' });
  expect(child.status).not.toBe(0);
  const after = openMarker(file);
  expect(after.previous?.reason).toBe('uncaught Error: disk controller gone');
  after.close();
});
