// Audit item 8: once a playback peer failed while it was being answered, its 15-minute idle
// timer leaked and the CLI never exited on SIGTERM. The real CLI (with a real ffmpeg camera) takes
// failed playback requests from a paired viewer over real signalling, then must stop on SIGTERM,
// children included (it prints how long that took; the target is 5 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBase64url, signViewerMessage } from '@vigil/shared/pairing';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { childrenOf, procInfo } from '../helpers/procs.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../apps/streamer/bin/vigil-streamer.js', import.meta.url));
let dir: string | undefined;
let cli: ChildProcess | undefined;
afterEach(async () => {
  if (cli?.exitCode === null) cli.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A data-channel offer with its candidates removed: the engine's peer fails while answering it. */
async function offerWithoutCandidates(): Promise<string> {
  const pc = new RTCPeerConnection({});
  pc.createDataChannel('playback');
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription!.sdp.replace(/a=candidate:.*\r\n/g, '');
  await pc.close();
  return sdp;
}

describe('vigil-streamer CLI stop', () => {
  it('stops within 5 s of SIGTERM after failed playback sessions, ffmpeg included', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sigterm-'));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'config.json'), JSON.stringify({
      version: 1,
      name: 'Stop test',
      cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 160, height: 120, fps: 5 } }],
      signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 },
    }));
    cli = spawn(process.execPath, [CLI, '--headless', '--data-dir', dir, '--api-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    cli.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const api = (await waitFor(() => /control API\s+(http:\/\/\S+)/.exec(out)?.[1], Boolean, 30_000, { what: 'the control API address on stdout' }))!;
    const signaling = /signalling\s+(ws:\/\/\S+)/.exec(out)![1]!;
    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    const { uri } = (await (await fetch(`${api}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { uri: string };
    const ffmpeg = await waitFor(() => childrenOf(cli!.pid!).filter((p) => p.comm.includes('ffmpeg')), (list) => list.length > 0, 20_000, { what: 'the camera ffmpeg' });

    const client = await connectSignaling(signaling);
    try {
      const { cred } = await pair(client, uri);
      expect(cred).toBeDefined();
      for (let i = 0; i < 3; i++) {
        const session = randomBase64url(9);
        const payload = JSON.stringify({ method: 'playback', camera: 'yard', sdp: await offerWithoutCandidates() });
        const auth = await signViewerMessage(cred!, { type: 'request', streamerId: cred!.streamerId, session, body: payload });
        const reply = await exchange(client, { type: 'request', to: cred!.streamerId, session, payload, auth }, (m) => m.type === 'response');
        expect(JSON.parse((reply as { payload: string }).payload)).toEqual({ error: expect.stringMatching(/connection failed while it was being answered/) });
      }
    } finally {
      client.stop();
    }

    // Before the fix the CLI never exited; the wait is generous for a loaded runner, and the time
    // it took is printed (the 5 s target is a figure, not an assertion: tests/README.md).
    const signalled = Date.now();
    cli.kill('SIGTERM');
    await waitFor(() => cli!.exitCode ?? cli!.signalCode, (code) => code !== null, 20_000, { what: 'the CLI to exit after SIGTERM', every: 20 });
    console.log(`engine-sigterm: the CLI exited ${Date.now() - signalled} ms after SIGTERM`);
    for (const child of ffmpeg) expect(procInfo(child.pid), `ffmpeg ${child.pid}`).toBeUndefined();
  }, 60_000);
});
