import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBinary, type PlaybackReply } from '@vigil/shared/recording';
import { servePlaybackChannel, type ByteChannel, type PlaybackBackend } from './channel.ts';

const LIMITS = { maxMediaRangeMs: 60_000, maxListRangeMs: 3_600_000, maxExportRangeMs: 600_000 };
const T0 = 1_800_000_000_000;

function setup(backend: Partial<PlaybackBackend> = {}) {
  const sent: (string | Buffer)[] = [];
  const channel: ByteChannel = { readyState: 'open', bufferedAmount: 0, send: (data) => void sent.push(data) };
  const full: PlaybackBackend = {
    list: () => [{ camera: 'yard', file: 'yard_20270115T080000Z_abc.mp4', start: T0, end: T0 + 60_000, bytes: 10, sha256: 'x', events: [], thumbnail: 'yard_20270115T080000Z_abc.jpg' }],
    events: () => [{ id: 'e1', start: T0 + 5000, end: T0 + 9000, labels: [{ label: 'person', score: 0.9, box: [0.1, 0.1, 0.3, 0.6] }] }],
    segmentPath: () => undefined,
    thumbnail: async () => undefined,
    openSegment: async () => undefined,
    export: async () => {
      throw new Error('no export here');
    },
    releaseExport: async () => undefined,
    ...backend,
  };
  const onMessage = servePlaybackChannel(channel, 'yard', full, LIMITS);
  const replies = () => sent.filter((m): m is string => typeof m === 'string').map((m) => JSON.parse(m) as PlaybackReply);
  return { onMessage, replies, sent };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('servePlaybackChannel', () => {
  it('lists segments and events (with labels) of a range', async () => {
    const { onMessage, replies } = setup();
    onMessage(JSON.stringify({ type: 'list', id: 1, from: T0, to: T0 + 60_000 }));
    await settle();
    const [reply] = replies();
    expect(reply).toMatchObject({ type: 'list', id: 1, segments: [{ file: 'yard_20270115T080000Z_abc.mp4', thumbnail: true }] });
    expect(reply!.type === 'list' && reply!.events[0]!.labels![0]!.label).toBe('person');
  });

  it('answers bad input with an error naming the problem, never a crash', () => {
    const { onMessage, replies } = setup();
    onMessage('not json');
    onMessage(JSON.stringify({ type: 'list', id: 2, from: T0 + 10, to: T0 }));
    onMessage(JSON.stringify({ type: 'thumbnail', id: 3, file: '../../etc/passwd' }));
    onMessage(JSON.stringify({ type: 'shell', id: 4 }));
    onMessage(Buffer.from([1, 2, 3]));
    const errors = replies();
    expect(errors.map((r) => r.type)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(errors.map((r) => r.id)).toEqual([0, 2, 3, 4, 0]);
    expect(JSON.stringify(errors[1])).toMatch(/to must be after from/);
    expect(JSON.stringify(errors[2])).toMatch(/not a segment file name/);
  });

  it('bounds every range by its limit', async () => {
    const { onMessage, replies } = setup();
    onMessage(JSON.stringify({ type: 'list', id: 5, from: T0, to: T0 + 2 * 3_600_000 }));
    onMessage(JSON.stringify({ type: 'media', id: 6, from: T0, to: T0 + 120_000 }));
    onMessage(JSON.stringify({ type: 'export', id: 7, from: T0, to: T0 + 3_600_000 }));
    await settle();
    const messages = replies().map((r) => (r.type === 'error' ? `${r.id}: ${r.message}` : r.type));
    expect(messages).toEqual(['5: a listing may span at most 60 minutes', '6: one media request may span at most 1 minutes', '7: an export may span at most 10 minutes']);
  });

  it('sends a thumbnail as a header and id-tagged bytes, then done', async () => {
    const { onMessage, replies, sent } = setup({ thumbnail: async () => new URL(import.meta.url).pathname });
    onMessage(JSON.stringify({ type: 'thumbnail', id: 9, file: 'yard_20270115T080000Z_abc.mp4' }));
    await settle();
    const header = replies().find((r) => r.type === 'data');
    expect(header).toMatchObject({ id: 9, mime: 'image/jpeg' });
    const bytes = sent.filter((m): m is Buffer => typeof m !== 'string').map((m) => readBinary(m)!);
    expect(bytes.every((b) => b.id === 9)).toBe(true);
    expect(bytes.reduce((n, b) => n + b.payload.byteLength, 0)).toBe(header!.type === 'data' ? header!.bytes : -1);
    expect(replies().at(-1)).toEqual({ type: 'done', id: 9 });
  });

  it('reports an unknown thumbnail and a failed export as errors', async () => {
    const { onMessage, replies } = setup();
    onMessage(JSON.stringify({ type: 'thumbnail', id: 10, file: 'yard_20270115T080000Z_zzz.mp4' }));
    onMessage(JSON.stringify({ type: 'export', id: 11, from: T0, to: T0 + 1000 }));
    await settle();
    expect(replies().map((r) => (r.type === 'error' ? r.message : r.type)).sort()).toEqual(['no export here', 'no thumbnail of yard_20270115T080000Z_zzz.mp4']);
  });

  it('pauses above the high-water mark and resumes when the channel reports it drained to the low-water mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-channel-'));
    const file = join(dir, 'big.jpg');
    writeFileSync(file, Buffer.alloc(64 * 1024, 7));
    const listeners = new Set<() => void>();
    const channel = {
      readyState: 'open',
      bufferedAmount: 0,
      bufferedAmountLowThreshold: 0,
      bufferedAmountLow: { subscribe: (listener: () => void) => (listeners.add(listener), { unSubscribe: () => listeners.delete(listener) }) },
      sentWhileFull: 0,
      binary: 0,
      send(data: Buffer | string) {
        if (typeof data === 'string') return;
        if (this.bufferedAmount > 4096) this.sentWhileFull++;
        this.bufferedAmount += data.byteLength;
        this.binary++;
      },
    };
    const full: PlaybackBackend = { list: () => [], events: () => [], segmentPath: () => undefined, thumbnail: async () => file, openSegment: async () => undefined, export: async () => ({}) as never, releaseExport: async () => undefined };
    const onMessage = servePlaybackChannel(channel, 'yard', full, LIMITS, { chunkBytes: 1024, highWaterBytes: 4096, lowWaterBytes: 1024 });
    onMessage(JSON.stringify({ type: 'thumbnail', id: 12, file: 'yard_20270115T080000Z_abc.mp4' }));
    for (const deadline = Date.now() + 5000; channel.binary < 4 && Date.now() < deadline; ) await settle();
    expect(channel.bufferedAmountLowThreshold).toBe(1024);
    // It stopped near the high-water mark and waits (the fallback re-check sees it still full).
    const stopped = channel.binary;
    expect(stopped).toBeGreaterThan(3);
    expect(stopped).toBeLessThan(8);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(channel.binary).toBe(stopped);
    // The network drains: the channel says so, sending goes on at once, until all is sent.
    for (const deadline = Date.now() + 10_000; channel.binary < 64 && Date.now() < deadline; ) {
      channel.bufferedAmount = 0;
      for (const listener of [...listeners]) listener();
      await settle();
    }
    expect(channel.binary).toBe(64);
    expect(channel.sentWhileFull).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
