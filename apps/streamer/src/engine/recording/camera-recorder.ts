/**
 * One camera's recordings: hands ffmpeg a record target per spawn, turns each closed segment into
 * a manifest entry (hash chained), keeps the index of what is on disk, holds motion-mode segments
 * until it is known whether an event needs them, and deletes with a chain entry. See README.md.
 */
import { mkdirSync } from 'node:fs';
import { readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CameraRecording, type DeleteReason, type ManifestEntry, type SegmentEntry } from '@vigil/shared/recording';
import type { RecordTarget } from '../ffmpeg/record.ts';
import type { EntryBody } from './chain.ts';
import { EventStore, type RecordingEvent } from './events.ts';
import { hashFile } from './hash-file.ts';
import { openManifest, type ManifestWriter } from './manifest.ts';
import { parseSegmentName, runTag, segmentPattern } from './names.ts';
import { probePackets } from './probe.ts';
import { SegmentListReader } from './segment-list.ts';
import { THUMBS_DIR, makeThumbnail, thumbnailName, thumbnailPath } from './thumbnails.ts';

/** What a camera recorder needs from the service. */
export interface CameraRecorderDeps {
  ffmpegPath: string;
  fragmentMs: number;
  /** Called when a write failed for lack of space: frees some, then the write is retried once. */
  onDiskFull(camera: string, error: unknown): Promise<void>;
  /** Reports a failure that recording survives. */
  onError(camera: string, message: string): void;
}

const LISTS = '.lists';

/** The recordings of one camera. */
export class CameraRecorder {
  settings: CameraRecording = CameraRecording.parse({});
  /** Segments on disk by file name. */
  readonly segments = new Map<string, SegmentEntry>();
  /** Motion mode: closed segments not yet known to be needed. */
  private readonly pending = new Set<string>();
  private readonly runs = new Map<string, SegmentListReader>();
  private manifest: ManifestWriter | undefined;
  private events: EventStore | undefined;
  private queue: Promise<unknown>;
  readonly ready: Promise<void>;
  /** Segments whose thumbnail is on disk. */
  readonly thumbnails = new Set<string>();
  /** Thumbnails being made, by segment (so two askers share one ffmpeg run). */
  private readonly making = new Map<string, Promise<string | undefined>>();

  constructor(
    readonly camera: string,
    readonly dir: string,
    private readonly deps: CameraRecorderDeps,
  ) {
    mkdirSync(join(dir, LISTS), { recursive: true });
    mkdirSync(join(dir, THUMBS_DIR), { recursive: true });
    this.ready = this.open();
    this.queue = this.ready.catch(() => {});
  }

  private async open(): Promise<void> {
    this.manifest = await openManifest(this.dir);
    this.events = await EventStore.open(this.dir);
    for (const entry of this.manifest.entries) this.apply(entry);
    // Thumbnails of segments that are gone (a crash between the two deletions) go too.
    for (const name of await readdir(join(this.dir, THUMBS_DIR))) {
      const segment = name.replace(/\.jpg$/, '.mp4');
      if (name.endsWith('.jpg') && this.segments.has(segment)) this.thumbnails.add(segment);
      else await rm(join(this.dir, THUMBS_DIR, name), { force: true });
    }
    // Runs of earlier processes (the engine may have been killed): anything they left is closed now.
    // A run this process started already (target() may come first) is still being written.
    await this.recover((tag) => !this.runs.has(tag));
    for (const list of await readdir(join(this.dir, LISTS))) {
      if (!this.runs.has(list.replace(/\.csv$/, ''))) await rm(join(this.dir, LISTS, list), { force: true });
    }
  }

  private apply(entry: ManifestEntry): void {
    if (entry.type === 'segment') this.segments.set(entry.file, entry);
    else this.segments.delete(entry.file);
  }

  /** Runs work one item at a time, after the manifest is open, so the chain keeps its order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch((error: unknown) => this.deps.onError(this.camera, (error as Error).message));
    return next;
  }

  /** A record target for a new spawn of ffmpeg. */
  target(): RecordTarget {
    const tag = runTag();
    const listFile = join(this.dir, LISTS, `${tag}.csv`);
    this.runs.set(tag, new SegmentListReader(listFile));
    return { pattern: segmentPattern(this.dir, this.camera, tag), listFile, segmentSeconds: this.settings.segmentSeconds, fragmentMs: this.deps.fragmentMs };
  }

  /** Reads the segment lists and records every newly closed segment. */
  poll(): Promise<void> {
    return this.serial(() => this.readLists());
  }

  private async readLists(): Promise<void> {
    for (const reader of this.runs.values()) {
      for (const listed of await reader.read()) {
        if (!this.segments.has(listed.name)) await this.close(listed.name, Math.round((listed.endS - listed.startS) * 1000), false);
      }
    }
  }

  /** ffmpeg has exited: read what its lists say, then recover the segment it may have left open. */
  processExited(): Promise<void> {
    // Taken now: a new process of this camera may register its run while this work waits its turn.
    const tags = new Set(this.runs.keys());
    return this.serial(async () => {
      await this.readLists();
      for (const tag of tags) this.runs.delete(tag);
      await this.recover((tag) => tags.has(tag));
      for (const tag of tags) await rm(join(this.dir, LISTS, `${tag}.csv`), { force: true });
    });
  }

  // Every segment file of the chosen runs that the manifest does not know: hashed as recovered.
  private async recover(runFilter: (tag: string) => boolean): Promise<void> {
    const deleted = new Set(this.manifest!.entries.filter((entry) => entry.type === 'delete').map((entry) => entry.file));
    for (const name of (await readdir(this.dir)).sort()) {
      const parsed = parseSegmentName(name);
      if (!parsed || parsed.camera !== this.camera || !runFilter(parsed.tag) || this.segments.has(name)) continue;
      // A delete entry written just before a crash: finish the deletion it records.
      if (deleted.has(name)) await unlink(join(this.dir, name)).catch(() => {});
      else await this.close(name, undefined, true);
    }
  }

  private async close(name: string, durationMs: number | undefined, recovered: boolean): Promise<void> {
    const path = join(this.dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    const parsed = parseSegmentName(name)!;
    if (info.size === 0) {
      // An empty file holds no video: nothing to keep or to prove.
      await unlink(path).catch(() => {});
      return;
    }
    durationMs ??= (await probePackets(this.deps.ffmpegPath, path).catch(() => undefined))?.durationMs ?? 0;
    // The file's birth time is when ffmpeg cut to it (ms precision); the name only has seconds.
    const born = info.birthtimeMs;
    const start = born > 0 && Math.abs(born - parsed.start) < 5000 ? Math.round(born) : parsed.start;
    const { sha256, bytes } = await hashFile(path);
    const body = { type: 'segment', at: Date.now(), camera: this.camera, file: name, start, end: start + durationMs, bytes, sha256, ...(recovered ? { recovered: true } : {}) } as EntryBody;
    const entry = await this.append(body);
    this.apply(entry);
    if (this.settings.mode === 'motion' && !recovered) this.pending.add(name);
    // Not awaited: the chain must not wait for a picture; a failure leaves it to be made on demand.
    void this.thumbnail(name).catch(() => {});
  }

  /**
   * The segment ffmpeg is writing now (the newest file of a running process that is not closed
   * yet), for playback up to its last complete fragment; undefined when there is none.
   */
  async openSegment(): Promise<{ file: string; start: number } | undefined> {
    let newest: string | undefined;
    for (const name of await readdir(this.dir)) {
      const parsed = parseSegmentName(name);
      if (parsed && parsed.camera === this.camera && this.runs.has(parsed.tag) && !this.segments.has(name) && (!newest || name > newest)) newest = name;
    }
    if (!newest) return undefined;
    const info = await stat(join(this.dir, newest)).catch(() => undefined);
    if (!info || info.size === 0) return undefined;
    const named = parseSegmentName(newest)!.start;
    const born = info.birthtimeMs;
    return { file: newest, start: born > 0 && Math.abs(born - named) < 5000 ? Math.round(born) : named };
  }

  /** The thumbnail of a segment, made now if missing; undefined for an unknown segment. */
  thumbnail(file: string): Promise<string | undefined> {
    if (!this.segments.has(file)) return Promise.resolve(undefined);
    const path = thumbnailPath(this.dir, file);
    if (this.thumbnails.has(file)) return Promise.resolve(path);
    let making = this.making.get(file);
    if (!making) {
      making = makeThumbnail(this.deps.ffmpegPath, join(this.dir, file), path)
        .then(async () => {
          // Deleted while ffmpeg ran: the picture must not outlive its segment.
          if (!this.segments.has(file)) return void (await unlink(path).catch(() => {}));
          this.thumbnails.add(file);
          return path;
        })
        .finally(() => this.making.delete(file));
      this.making.set(file, making);
    }
    return making;
  }

  private async append(body: EntryBody): Promise<ManifestEntry> {
    try {
      return await this.manifest!.append(body);
    } catch (error) {
      await this.deps.onDiskFull(this.camera, error);
      return this.manifest!.append(body);
    }
  }

  /** Deletes a segment; the chain records why. Under a full disk the file goes before its entry is written. */
  delete(file: string, reason: DeleteReason, diskFull = false): Promise<void> {
    return this.serial(async () => {
      if (!this.segments.has(file)) return;
      const body = { type: 'delete', at: Date.now(), camera: this.camera, file, reason } as EntryBody;
      if (diskFull) await unlink(join(this.dir, file)).catch(() => {});
      const entry = await this.manifest!.append(body);
      this.apply(entry);
      this.pending.delete(file);
      if (!diskFull) await unlink(join(this.dir, file)).catch(() => {});
      this.thumbnails.delete(file);
      await unlink(join(this.dir, THUMBS_DIR, thumbnailName(file))).catch(() => {});
    });
  }

  /** Records an event's latest state. */
  async event(event: RecordingEvent): Promise<void> {
    await this.ready;
    await this.events!.put(event);
  }

  /** Events overlapping a span, without rolls (timeline marks). */
  eventsWithin(from: number, to: number): RecordingEvent[] {
    return this.events?.within(from, to) ?? [];
  }

  /** Events overlapping a span, with the camera's rolls. */
  eventsIn(from: number, to: number): RecordingEvent[] {
    return this.events?.overlapping(from, to, this.settings.preRollSeconds * 1000, this.settings.postRollSeconds * 1000) ?? [];
  }

  /**
   * Motion mode: a pending segment is dropped once no event can still claim it, i.e. when no event
   * (with its rolls) overlaps it and `now` is past its end plus the pre-roll, so an event starting
   * later cannot reach back into it. Segments overlapping an open event stay pending until it ends.
   */
  async decideMotion(now: number): Promise<void> {
    await this.ready;
    const preRollMs = this.settings.preRollSeconds * 1000;
    for (const file of [...this.pending]) {
      const segment = this.segments.get(file);
      if (!segment) continue;
      const events = this.eventsIn(segment.start, segment.end);
      if (events.some((event) => event.end !== undefined)) this.pending.delete(file);
      else if (events.length === 0 && now >= segment.end + preRollMs) await this.delete(file, 'no-motion');
    }
  }

  /** Closes the manifest after outstanding work. */
  async shutdown(): Promise<void> {
    await this.queue;
    await Promise.all([...this.making.values()].map((making) => making.catch(() => {})));
    await this.manifest?.close();
  }
}
