/**
 * The playback screen's state (zustand): which camera's recordings are open, the visible time
 * range with its segments and event marks, the playhead, speed, and the export in progress. The
 * connection and the MSE player live beside the store (not reactive); the pure timeline rules come
 * from @vigil/shared/recording.
 */
import { create } from 'zustand';
import { LEGACY_BUFFER_POLICY, nextEvent, previousEvent, type EventMark, type PlaybackLimits, type PlaybackSegment, type TimeRange } from '@vigil/shared/recording';
import type { CameraRef } from '../../common/assignment.ts';
import { PlaybackConnection } from '../playback/connection.ts';
import { MsePlayer, type PlayerStatus } from '../playback/player.ts';
import { hub, useViewer } from './viewer.ts';

/** Speeds offered. */
export const SPEEDS = [0.5, 1, 2, 4] as const;
/** The range shown when playback opens: the last hour. */
export const DEFAULT_SPAN_MS = 60 * 60_000;
/** Margin around an event when it becomes the export range. */
export const EXPORT_MARGIN_MS = 5_000;
/** How often the list is read again while the screen is open (new segments close each minute). */
export const REFRESH_MS = 20_000;

export interface ExportState {
  phase: 'export' | 'download' | 'done' | 'failed';
  fraction: number;
  message?: string;
}

export interface PlaybackState {
  target: CameraRef | null;
  phase: 'idle' | 'connecting' | 'ready' | 'failed';
  error?: string;
  range: TimeRange;
  segments: PlaybackSegment[];
  events: EventMark[];
  playhead: number;
  playing: boolean;
  rate: number;
  selection: TimeRange | null;
  exporting: ExportState | null;
  /** The streamer's bounds for this session. */
  limits: PlaybackLimits | undefined;

  open(target: CameraRef, range?: TimeRange): Promise<void>;
  close(): void;
  setRange(range: TimeRange): Promise<void>;
  refresh(): Promise<void>;
  /** Gives the store the screen's <video> (null when it unmounts). */
  attachVideo(video: HTMLVideoElement | null): void;
  seek(time: number): void;
  togglePlay(): void;
  setRate(rate: number): void;
  stepEvent(direction: 1 | -1): void;
  setSelection(selection: TimeRange | null): void;
  exportSelection(): Promise<void>;
}

/**
 * A developer switch (localStorage `vigil.playback.policy` = `legacy`) back to the previous
 * player's fetching and session set-up: bench/playback measures both in one run.
 */
function legacyPolicy(): boolean {
  try {
    return localStorage.getItem('vigil.playback.policy') === 'legacy';
  } catch {
    return false;
  }
}

let connection: PlaybackConnection | undefined;
let player: MsePlayer | undefined;
let refreshTimer: ReturnType<typeof setInterval> | undefined;
const thumbnails = new Map<string, Promise<string>>();

/** The wall time of the picture shown (undefined without media): the playhead can run ahead of it while a seek loads. */
export function shownTime(): number | undefined {
  return player && player.hasMedia ? Math.round(player.wallTime) : undefined;
}

/** What the player is doing (loading, playing, paused, buffering, ended), or undefined without one. */
export function playerStatus(): PlayerStatus | undefined {
  return player?.status;
}

/** An object URL of a segment's thumbnail (fetched once per open screen). */
export function thumbnailUrl(file: string): Promise<string> | undefined {
  if (!connection) return undefined;
  let url = thumbnails.get(file);
  if (!url) {
    url = connection.thumbnail(file).then((blob) => URL.createObjectURL(blob));
    url.catch(() => thumbnails.delete(file));
    thumbnails.set(file, url);
  }
  return url;
}

function forget(): void {
  clearInterval(refreshTimer);
  player?.destroy();
  player = undefined;
  connection?.close();
  connection = undefined;
  for (const url of thumbnails.values()) void url.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
  thumbnails.clear();
}

export const usePlayback = create<PlaybackState>()((set, get) => {
  const startPlayer = (video: HTMLVideoElement) => {
    if (!connection) return;
    player = new MsePlayer(video, connection, (message) => set({ error: message }), legacyPolicy() ? { policy: LEGACY_BUFFER_POLICY } : {});
    player.setSegments(get().segments);
    video.playbackRate = get().rate;
    // Before any media is in, the element's time 0 is the player's base: not a real position.
    const update = () => player && set({ playing: !video.paused, ...(video.buffered.length > 0 ? { playhead: Math.round(player.wallTime) } : {}) });
    for (const type of ['timeupdate', 'play', 'pause', 'seeked']) video.addEventListener(type, update);
    // Start where something happened: the latest event in view, else the first recording.
    const { events, segments, range } = get();
    const start = events.at(-1)?.start ?? segments[0]?.start ?? range.from;
    void player.seek(start).then(() => video.play().catch(() => undefined));
  };
  let video: HTMLVideoElement | null = null;

  return {
    target: null,
    phase: 'idle',
    range: { from: Date.now() - DEFAULT_SPAN_MS, to: Date.now() },
    segments: [],
    events: [],
    playhead: 0,
    playing: false,
    rate: 1,
    selection: null,
    exporting: null,
    limits: undefined,

    async open(target, range) {
      forget();
      const now = Date.now();
      set({ target, phase: 'connecting', error: undefined, range: range ?? { from: now - DEFAULT_SPAN_MS, to: now }, segments: [], events: [], selection: null, exporting: null, playing: false });
      const streamer = useViewer.getState().streamers.find((s) => s.id === target.streamerId);
      try {
        if (!streamer) throw new Error('this streamer is no longer paired');
        // The streamer's STUN/TURN servers (cached by the hub; none from an engine without remote access).
        const rtc = { iceServers: await hub.iceServers(streamer) };
        const opened = await PlaybackConnection.open(hub, streamer, target.cameraId, rtc, legacyPolicy() ? 'complete' : 'usable').catch((error: Error) => {
          hub.ice.invalidate(streamer.id); // stale TURN credentials fail like an unreachable streamer: fetch fresh ones next time
          throw error;
        });
        if (get().target !== target) return opened.close();
        connection = opened;
        set({ limits: opened.limits });
        opened.onClose((reason) => get().target === target && reason !== 'closed' && set({ phase: 'failed', error: reason }));
        await get().refresh();
        set({ phase: 'ready' });
        refreshTimer = setInterval(() => void get().refresh(), REFRESH_MS);
        if (video) startPlayer(video);
      } catch (error) {
        if (get().target === target) set({ phase: 'failed', error: (error as Error).message });
      }
    },

    close() {
      forget();
      set({ target: null, phase: 'idle', segments: [], events: [] });
    },

    async setRange(range) {
      set({ range });
      await get().refresh();
    },

    async refresh() {
      if (!connection) return;
      const { range } = get();
      try {
        const list = await connection.list(range.from, range.to);
        set({ segments: list.segments, events: list.events });
        player?.setSegments(list.segments);
      } catch (error) {
        set({ error: (error as Error).message });
      }
    },

    attachVideo(element) {
      video = element;
      if (!element) {
        player?.destroy();
        player = undefined;
      } else if (connection && !player) startPlayer(element);
    },

    seek(time) {
      set({ playhead: time });
      void player?.seek(time);
    },

    togglePlay() {
      if (!video) return;
      if (video.paused) void video.play().catch(() => undefined);
      else video.pause();
    },

    setRate(rate) {
      set({ rate });
      player?.setRate(rate);
    },

    stepEvent(direction) {
      const { events, playhead } = get();
      const event = direction === 1 ? nextEvent(events, playhead) : previousEvent(events, playhead);
      if (!event) return;
      get().seek(event.start);
      const end = event.end ?? Date.now();
      set({ selection: { from: event.start - EXPORT_MARGIN_MS, to: end + EXPORT_MARGIN_MS } });
    },

    setSelection: (selection) => set({ selection }),

    async exportSelection() {
      const { selection, target } = get();
      if (!connection || !selection || !target) return;
      set({ exporting: { phase: 'export', fraction: 0 } });
      try {
        const { blob, name } = await connection.exportRange(Math.round(selection.from), Math.round(selection.to), (phase, fraction) => set({ exporting: { phase, fraction } }));
        const url = URL.createObjectURL(blob);
        const link = Object.assign(document.createElement('a'), { href: url, download: name });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        set({ exporting: { phase: 'done', fraction: 1, message: `Downloaded ${name} (${(blob.size / 1e6).toFixed(1)} MB)` } });
      } catch (error) {
        set({ exporting: { phase: 'failed', fraction: 0, message: (error as Error).message } });
      }
    },
  };
});
