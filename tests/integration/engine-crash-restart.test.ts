// A crash restart is a health alert: the real CLI killed with SIGKILL (nothing of its own runs on
// the way down), started again on the same data: the outbox holds one "Vigil restarted after a
// crash" alert (waiting, no channel here) and the System view lists it; stopped cleanly (SIGTERM)
// and started again: nothing more.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string | undefined;
let cli: ChildProcess | undefined;
afterEach(async () => {
  if (cli?.exitCode === null) cli.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the CLI on `dir`; resolves with its control API address and admin token once it runs. */
async function start(): Promise<{ api: string; token: string; exited: Promise<unknown> }> {
  cli = spawn(process.execPath, [CLI, '--headless', '--data-dir', dir!, '--api-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => cli!.once('exit', resolve));
  let out = '';
  cli.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  cli.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const api = (await waitFor(() => /control API\s+(http:\/\/\S+)/.exec(out)?.[1], Boolean, 30_000, { what: 'the control API address on stdout' }))!;
  return { api, token: (await readFile(join(dir!, 'admin-token'), 'utf8')).trim(), exited };
}
const get = async <T>(api: string, token: string, path: string) => (await (await fetch(api + path, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
type Entry = { title?: string; kind?: string };

it('a SIGKILLed engine alerts "restarted after a crash" once on its next start; a clean stop does not', async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-crash-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, name: 'Crash test', cameras: [], signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 } }));
  let run = await start();
  cli!.kill('SIGKILL');
  await run.exited;
  run = await start();
  const crashes = (list: Entry[]) => list.filter((e) => e.kind === 'engine-restart');
  const outbox = await waitFor(() => get<Entry[]>(run.api, run.token, '/api/alerts/outbox'), (list) => crashes(list).length === 1, 15_000, { what: 'the crash alert in the outbox' });
  expect(crashes(outbox)[0]!.title).toBe('Vigil restarted after a crash');
  const system = await get<{ problems: { source: string; message: string }[] }>(run.api, run.token, '/api/system');
  expect(system.problems.filter((p) => p.source === 'engine-restart').map((p) => p.message)).toEqual(['Vigil restarted after a crash']);
  cli!.kill('SIGTERM');
  await run.exited;
  run = await start();
  // Time passing is the point: the monitor has started and had its chance to alert again.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(crashes(await get<Entry[]>(run.api, run.token, '/api/alerts/outbox'))).toHaveLength(1);
  cli!.kill('SIGTERM');
  await run.exited;
});
