// Audit item 3: exports filled the disk. A paired view-only viewer's exports stayed on the
// streamer's disk forever, outside quota and free-space planning, so repeated exports filled the
// disk and retention then deleted real recordings; two identical exports at once shared a folder.
// A real engine recording a test pattern to disk, its relay over ws, and a paired viewer in Node
// whose werift data channel asks for exports as the viewer UI does.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import type { SignalingClient } from '@vigil/signaling/node';
import { randomBase64url, signViewerMessage, type ViewerCredential } from '@vigil/shared/pairing';
import { PLAYBACK_CHANNEL, readBinary, type PlaybackReply } from '@vigil/shared/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { connectSignaling, exchange, pair } from '../helpers/paired-viewer.ts';
import { waitFor } from '../helpers/wait.ts';

let dir: string;
let engine: Engine;
let client: SignalingClient;
let cred: ViewerCredential;
const peers: RTCPeerConnection[] = [];
const exportsDir = () => join(dir, 'recordings', 'exports');
const exportFolders = async () => (await readdir(exportsDir()).catch(() => [] as string[])).sort();

/** Opens a playback session for `camera` as the viewer UI does; resolves with its open channel. */
async function openPlayback(camera: string): Promise<RTCDataChannel & { pc: RTCPeerConnection; session: string }> {
  const pc = new RTCPeerConnection();
  peers.push(pc);
  const channel = pc.createDataChannel(PLAYBACK_CHANNEL);
  await pc.setLocalDescription(await pc.createOffer());
  await waitFor(() => pc.iceGatheringState, (s) => s === 'complete', 5000, { what: 'ICE gathering' });
  const session = randomBase64url(9);
  const payload = JSON.stringify({ method: 'playback', camera, sdp: pc.localDescription!.sdp });
  const auth = await signViewerMessage(cred, { type: 'request', streamerId: cred.streamerId, session, body: payload });
  const reply = await exchange(client, { type: 'request', to: cred.streamerId, session, payload, auth }, (m) => m.type === 'response');
  const opened = JSON.parse((reply as { payload: string }).payload) as { sdp?: string; error?: string };
  if (!opened.sdp) throw new Error(`playback refused: ${opened.error}`);
  await pc.setRemoteDescription({ type: 'answer', sdp: opened.sdp });
  await waitFor(() => channel.readyState, (s) => s === 'open', 15_000, { what: 'the playback channel open' });
  return Object.assign(channel, { pc, session });
}

/** Asks for an export over `channel`; resolves with the tar's bytes received, or the error. */
function requestExport(channel: RTCDataChannel, id: number, from: number, to: number): Promise<{ bytes?: number; error?: string }> {
  return new Promise((resolve) => {
    let announced = -1;
    let received = 0;
    const sub = channel.onMessage.subscribe((data) => {
      if (typeof data !== 'string') {
        const binary = readBinary(data);
        if (binary?.id === id) received += binary.payload.byteLength;
        return;
      }
      const reply = JSON.parse(data) as PlaybackReply;
      if (reply.id !== id) return;
      if (reply.type === 'data') announced = reply.bytes;
      if (reply.type !== 'error' && reply.type !== 'done') return;
      sub.unSubscribe();
      resolve(reply.type === 'error' ? { error: reply.message } : { bytes: received === announced ? received : -1 });
    });
    channel.send(JSON.stringify({ type: 'export', id, from, to }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-exports-'));
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    defaults: {
      recording: { minFreeBytes: 0 },
      cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 }, recording: { mode: 'continuous', segmentSeconds: 2 } }],
    },
  });
  client = await connectSignaling(engine.info.signalingUrl);
  const uri = ((await (await fetch(`${engine.info.apiUrl}/api/pairing/offers`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { uri: string }).uri;
  cred = (await pair(client, uri, 'View-only viewer')).cred!;
  await waitFor(() => engine.recording.list('yard').length, (n) => n >= 2, 60_000, { what: 'two recorded segments', every: 500 });
}, 90_000);

afterAll(async () => {
  await Promise.all(peers.map((pc) => pc.close().catch(() => undefined)));
  client?.stop();
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('exports for a paired viewer (audit item 3)', () => {
  it('streams each export to the viewer and keeps nothing of it on the streamer’s disk', async () => {
    const [first, second] = engine.recording.list('yard');
    const channel = await openPlayback('yard');
    for (let id = 1; id <= 5; id++) {
      const result = await requestExport(channel, id, first!.start, second!.end);
      expect(result.error).toBeUndefined();
      expect(result.bytes).toBeGreaterThan(0);
      expect(await exportFolders()).toEqual([]);
    }
    // No recording was touched by retention to make room.
    expect(engine.recording.list('yard').map((s) => s.file)).toEqual(expect.arrayContaining([first!.file, second!.file]));
    // The viewer leaves the screen: it says bye, which frees the session's slot.
    client.send({ type: 'bye', to: cred.streamerId, session: channel.session });
    await channel.pc.close();
    await waitFor(() => engine.playback.list().length, (n) => n === 0, 15_000, { what: 'the playback session closed' });
  }, 60_000);

  it('runs one export per viewer at a time across its sessions; the other is refused with the reason', async () => {
    const [first, second] = engine.recording.list('yard');
    const a = await openPlayback('yard');
    const b = await openPlayback('yard');
    const results = await Promise.all([requestExport(a, 10, first!.start, second!.end), requestExport(b, 11, first!.start, second!.end)]);
    expect(results.filter((r) => r.bytes !== undefined && r.bytes > 0)).toHaveLength(1);
    expect(results.map((r) => r.error).filter(Boolean)).toEqual([expect.stringMatching(/already has 1 export running/)]);
    expect(await exportFolders()).toEqual([]);
  }, 60_000);

  it('gives two identical exports started together their own folders', async () => {
    const [first, second] = engine.recording.list('yard');
    const both = await Promise.all([engine.recording.export('yard', first!.start, second!.end), engine.recording.export('yard', first!.start, second!.end)]);
    expect(both[0].folder).not.toBe(both[1].folder);
    await Promise.all(both.map((r) => engine.recording.releaseExport(r.folder)));
    expect(await exportFolders()).toEqual([]);
  }, 60_000);
});
