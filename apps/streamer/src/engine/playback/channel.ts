/**
 * The playback protocol on one data channel (shared/src/recording/playback.ts): commands in, JSON
 * replies and id-tagged binary chunks out, with backpressure on the channel's buffer. One media
 * transfer and one export run at a time per channel; a new media request replaces the running one.
 * An export is streamed to the viewer as a tar and then deleted from the streamer's disk.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PlaybackCommand, frameBinary, type PlaybackLimits, type PlaybackReply, type PlaybackSegment } from '@vigil/shared/recording';
import { describeIssues } from '@vigil/shared/issues';
import type { RecordingService } from '../recording/index.ts';
import { readLayout, sliceForRange } from './mp4.ts';
import { tarArchive, type TarFile } from './tar.ts';

/** What the channel needs from the recorder. */
export type PlaybackBackend = Pick<RecordingService, 'list' | 'events' | 'segmentPath' | 'thumbnail' | 'export' | 'releaseExport' | 'openSegment'>;

/** The slice of a data channel (werift's RTCDataChannel) the protocol uses. */
export interface ByteChannel {
  readonly readyState: string;
  readonly bufferedAmount: number;
  /** Where `bufferedAmountLow` fires (werift has both; without them sending polls). */
  bufferedAmountLowThreshold?: number;
  readonly bufferedAmountLow?: { subscribe(listener: () => void): { unSubscribe(): void } };
  send(data: Buffer | string): void;
}

/**
 * Media sent before the start of a media request, in ms: the viewer's seek target then always
 * lies inside what it receives, even where a segment's start time and its first frame differ.
 */
export const MEDIA_LEAD_MS = 1500;

/** Transfer tuning, each with its default. */
export interface ChannelTuning {
  /** Payload bytes per binary message; default 16 KiB (every browser accepts it). */
  chunkBytes?: number;
  /** Sending pauses while more than this is buffered; default 1 MiB. */
  highWaterBytes?: number;
  /** …and goes on once the buffer has drained below this (`bufferedAmountLow`); default 256 KiB. */
  lowWaterBytes?: number;
}

/** Longest wait for `bufferedAmountLow` before looking at the buffer again (a missed event cannot stall a transfer). */
const DRAIN_RECHECK_MS = 50;

/** Serves one viewer's playback channel for one camera; returns the handler of incoming messages. */
export function servePlaybackChannel(channel: ByteChannel, camera: string, backend: PlaybackBackend, limits: PlaybackLimits, tuning: ChannelTuning = {}) {
  const chunkBytes = tuning.chunkBytes ?? 16 * 1024;
  const highWater = tuning.highWaterBytes ?? 1024 * 1024;
  const lowWater = Math.min(tuning.lowWaterBytes ?? 256 * 1024, highWater);
  if (channel.bufferedAmountLow) channel.bufferedAmountLowThreshold = lowWater;
  const running = new Map<number, { cancelled: boolean }>();
  let media: { cancelled: boolean } | undefined;
  let exporting = false;

  const open = () => channel.readyState === 'open';
  const reply = (message: PlaybackReply): void => {
    if (open()) channel.send(JSON.stringify(message));
  };
  const fail = (id: number, message: string) => reply({ type: 'error', id, message: message.slice(0, 500) });

  // Backpressure: above the high-water mark, wait until the channel reports it drained to the
  // low-water mark (so the SCTP queue never runs dry between two sends), polling as a fallback.
  async function drain(): Promise<void> {
    if (channel.bufferedAmount <= highWater) return;
    while (open() && channel.bufferedAmount > lowWater) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, channel.bufferedAmountLow ? DRAIN_RECHECK_MS : 5);
        const subscription = channel.bufferedAmountLow?.subscribe(done);
        function done() {
          clearTimeout(timer);
          subscription?.unSubscribe();
          resolve();
        }
      });
    }
  }

  async function sendBytes(id: number, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, token: { cancelled: boolean }): Promise<void> {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.byteLength; at += chunkBytes) {
        await drain();
        if (token.cancelled || !open()) throw new Cancelled();
        channel.send(Buffer.from(frameBinary(id, chunk.subarray(at, at + chunkBytes))));
      }
    }
  }

  function checkRange(from: number, to: number, max: number, what: string): void {
    if (to - from > max) throw new Error(`${what} may span at most ${Math.round(max / 60_000)} minutes`);
  }

  async function list(from: number, to: number): Promise<PlaybackReply> {
    checkRange(from, to, limits.maxListRangeMs, 'a listing');
    const segments: PlaybackSegment[] = backend.list(camera, from, to).map((s) => ({ file: s.file, start: s.start, end: s.end, bytes: s.bytes, ...(s.thumbnail ? { thumbnail: true } : {}) }));
    // The segment being written, up to about now (its last fragment is at most a second old).
    const open = await backend.openSegment(camera);
    const now = Date.now() - 1000;
    if (open && open.start < to && now > Math.max(from, open.start)) segments.push({ file: open.file, start: open.start, end: now, bytes: 0, open: true });
    return { type: 'list', id: 0, segments, events: backend.events(camera, from, to) };
  }

  async function sendMedia(id: number, from: number, to: number, token: { cancelled: boolean }): Promise<void> {
    checkRange(from, to, limits.maxMediaRangeMs, 'one media request');
    const segments: { file: string; start: number; end?: number; path?: string }[] = backend.list(camera, from - MEDIA_LEAD_MS, to);
    const open = await backend.openSegment(camera);
    if (open && open.start < to) segments.push(open);
    for (const segment of segments) {
      const path = segment.path ?? backend.segmentPath(camera, segment.file);
      // Deleted by retention since it was listed: skip it, the timeline shows the gap.
      const data = path && (await readFile(path).catch(() => undefined));
      if (!data) continue;
      const layout = readLayout(data);
      // An open segment ends with its last complete fragment (about a second after its start).
      const last = layout.fragments.at(-1);
      const end = segment.end ?? (last ? segment.start + Math.round(((last.decodeTime - layout.fragments[0]!.decodeTime) / layout.timescale) * 1000) + 1000 : segment.start);
      const { bytes, origin } = sliceForRange(data, layout, segment.start, end, from - MEDIA_LEAD_MS, to);
      if (bytes.byteLength === 0) continue;
      if (token.cancelled) throw new Cancelled();
      reply({ type: 'media-segment', id, file: segment.file, start: segment.start, end, origin, codec: layout.codec, bytes: bytes.byteLength });
      await sendBytes(id, [bytes], token);
    }
  }

  async function sendThumbnail(id: number, file: string, token: { cancelled: boolean }): Promise<void> {
    const path = await backend.thumbnail(camera, file).catch(() => undefined);
    if (!path) throw new Error(`no thumbnail of ${file}`);
    const jpeg = await readFile(path);
    reply({ type: 'data', id, mime: 'image/jpeg', bytes: jpeg.byteLength });
    await sendBytes(id, [jpeg], token);
  }

  async function sendExport(id: number, from: number, to: number, token: { cancelled: boolean }): Promise<void> {
    checkRange(from, to, limits.maxExportRangeMs, 'an export');
    if (exporting) throw new Error('an export is already running: wait for it to finish');
    exporting = true;
    let folder: string | undefined;
    try {
      let last = 0;
      const result = await backend.export(camera, from, to, (fraction) => {
        if (fraction - last < 0.05) return;
        last = fraction;
        reply({ type: 'progress', id, fraction });
      });
      folder = result.folder;
      if (token.cancelled) throw new Cancelled();
      const name = basename(result.folder);
      const { bytes, chunks } = await tarArchive(await bundleFiles(result.folder, name));
      reply({ type: 'data', id, mime: 'application/x-tar', bytes, name: `${name}.tar` });
      await sendBytes(id, chunks(), token);
    } finally {
      exporting = false;
      // Streamed to the viewer (or given up): nothing of it stays on the streamer's disk.
      if (folder) await backend.releaseExport(folder).catch(() => undefined);
    }
  }

  function run(id: number, work: (token: { cancelled: boolean }) => Promise<void>, token = { cancelled: false }): void {
    running.set(id, token);
    work(token)
      .then(() => reply({ type: 'done', id }))
      .catch((error: unknown) => {
        if (!(error instanceof Cancelled)) fail(id, (error as Error).message);
      })
      .finally(() => {
        if (running.get(id) === token) running.delete(id);
      });
  }

  /** Handles one message from the viewer. */
  return function onMessage(data: string | Buffer): void {
    if (typeof data !== 'string') return fail(0, 'commands are JSON text');
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return fail(0, 'command is not JSON');
    }
    const parsed = PlaybackCommand.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      return fail(typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 0, `bad command: ${describeIssues(parsed.error)}`);
    }
    const command = parsed.data;
    if (running.has(command.id) && command.type !== 'cancel') return fail(command.id, 'that request id is in use');
    switch (command.type) {
      case 'list':
        list(command.from, command.to).then(
          (listing) => reply({ ...listing, id: command.id } as PlaybackReply),
          (error: Error) => fail(command.id, error.message),
        );
        return;
      case 'media': {
        if (media) media.cancelled = true;
        const token = { cancelled: false };
        media = token;
        return run(command.id, () => sendMedia(command.id, command.from, command.to, token), token);
      }
      case 'thumbnail':
        return run(command.id, (token) => sendThumbnail(command.id, command.file, token));
      case 'export':
        return run(command.id, (token) => sendExport(command.id, command.from, command.to, token));
      case 'cancel': {
        const token = running.get(command.id);
        if (token) token.cancelled = true;
        return;
      }
    }
  };
}

class Cancelled extends Error {}

/** Every file of an export bundle, named under its folder's name (the helper list is left out). */
async function bundleFiles(folder: string, name: string): Promise<TarFile[]> {
  const files: TarFile[] = [];
  for (const entry of (await readdir(folder)).sort()) {
    const path = join(folder, entry);
    if ((await stat(path)).isDirectory()) {
      for (const inner of (await readdir(path)).sort()) files.push({ name: `${name}/${entry}/${inner}`, path: join(path, inner) });
    } else if (entry !== 'concat.txt') files.push({ name: `${name}/${entry}`, path });
  }
  return files;
}
