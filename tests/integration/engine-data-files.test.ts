// Audit item 8: an empty pairing-key.json was silently replaced by a new key (unpairing every
// viewer); damaged key or viewer files stopped the CLI with a raw stack trace. Each now stops the
// real CLI with one clear line naming the file and the remedy, and the file is left as it was.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPairingService } from '../../apps/streamer/src/engine/pairing/service.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-data-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI on `dir` until it exits (a good data dir would keep it running: the test's timeout). */
function runCli(): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const args = [CLI, '--headless', '--data-dir', dir, '--api-port', '0', '--signaling-port', '0'];
    const child = execFile(process.execPath, args, { timeout: 15_000 }, (error, _stdout, stderr) => resolve({ code: child.exitCode ?? (error ? -1 : 0), stderr }));
  });
}

const make = () => createPairingService({ dataDir: dir, streamerId: 'abcdefghijklmnopqrstuv', streamerName: () => 'Home', address: () => ({ url: 'ws://127.0.0.1:8080' }) });

describe('damaged engine data files', () => {
  it('refuses an empty pairing key instead of making a new one', async () => {
    await writeFile(join(dir, 'pairing-key.json'), '');
    await expect(make()).rejects.toThrow(/pairing-key\.json is empty\. Restore it from a backup/);
    expect(await readFile(join(dir, 'pairing-key.json'), 'utf8')).toBe('');
  });

  it('names a damaged pairing key or viewer list', async () => {
    await writeFile(join(dir, 'pairing-key.json'), '{"publicKey":');
    await expect(make()).rejects.toThrow(/pairing-key\.json is damaged \(not valid JSON\)/);
    await rm(join(dir, 'pairing-key.json'));
    await writeFile(join(dir, 'viewers.json'), '[{"id":1}]');
    await expect(make()).rejects.toThrow(/viewers\.json is damaged \(0\.id: .*\)\. Restore it from a backup, or delete it/);
  });

  it.each([
    ['pairing-key.json', '', /pairing-key\.json is empty/],
    ['pairing-key.json', '{"publicKey":"x","pkcs8":"y"}', /pairing-key\.json holds no usable key/],
    ['viewers.json', 'not json', /viewers\.json is damaged/],
    ['streamer-key.pem', '', /streamer-key\.pem holds no usable key/],
  ])('the CLI stops on a bad %s with one clear line, no stack', async (name, content, message) => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), content);
    const { code, stderr } = await runCli();
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(1);
    expect(await readFile(join(dir, name), 'utf8')).toBe(content);
  });
});
