// Audit item 7: recordings, thumbnails, exports and manifests were created 0644/0755 while the
// rest of the data folder was private. A real engine records a test-pattern camera with ffmpeg,
// makes a thumbnail and exports a clip; nothing in its data folder may be readable by others.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { waitFor } from '../helpers/wait.ts';

let dir: string | undefined;
let engine: Engine | undefined;
afterAll(async () => {
  await engine?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every path under `root` (itself included) with its permission bits. */
async function modes(root: string): Promise<{ path: string; mode: number }[]> {
  const out = [{ path: root, mode: (await stat(root)).mode & 0o777 }];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await modes(path)));
    else out.push({ path, mode: (await stat(path)).mode & 0o777 });
  }
  return out;
}

describe('the engine’s files are private', () => {
  it('recordings, manifests, thumbnails and exports are 0600 in 0700 folders', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-private-'));
    const data = join(dir, 'engine');
    // A recordings folder an older version left open.
    await mkdir(join(data, 'recordings'), { recursive: true, mode: 0o755 });
    await writeFile(join(data, 'recordings', 'old-note.txt'), 'x', { mode: 0o644 });
    engine = await startEngine({
      dataDir: data,
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '127.0.0.1',
      defaults: { cameras: [{ id: 'desk', name: 'Desk', source: { kind: 'test-pattern', width: 160, height: 120, fps: 5 }, recording: { mode: 'continuous', segmentSeconds: 2 } }] },
    });
    const { apiUrl, adminToken } = engine.info;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(apiUrl + path, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const segments = await waitFor(async () => (await (await call('GET', '/api/recordings?camera=desk')).json()) as RecordingSegmentView[], (list) => list.length >= 2, 30_000, { what: 'two closed segments' });
    expect((await call('GET', `/api/recordings/thumbnails/desk/${segments[0]!.file}`)).status).toBe(200);
    const { id } = (await (await call('POST', '/api/recordings/export', { camera: 'desk', from: segments[0]!.start, to: segments.at(-1)!.end })).json()) as { id: string };
    await waitFor(async () => (await call('GET', `/api/recordings/exports/${id}/clip.mp4`)).status, (status) => status === 200, 30_000, { what: 'the exported clip' });

    const all = await modes(data);
    const kinds = all.map((entry) => entry.path);
    expect(kinds.some((path) => path.endsWith('.mp4') && path.includes(`${join('recordings', 'desk')}`))).toBe(true);
    expect(kinds.some((path) => /\.jpe?g$/.test(path))).toBe(true);
    expect(all.filter((entry) => entry.path.endsWith('.mp4')).length).toBeGreaterThan(segments.length);
    expect(all.filter((entry) => (entry.mode & 0o077) !== 0 && !entry.path.endsWith('old-note.txt')).map((e) => `${e.path} ${e.mode.toString(8)}`)).toEqual([]);
    // The old open file sits in a folder only its owner can enter now.
    expect((await stat(join(data, 'recordings'))).mode & 0o777).toBe(0o700);
  }, 90_000);
});
