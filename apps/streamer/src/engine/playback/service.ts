/**
 * Playback sessions of paired viewers: the bridge hands over an authorised `playback` request
 * (the same authorisation hook as a live offer), this opens a data-channel-only WebRTC peer and
 * serves the playback protocol on its channel. Bounded per viewer and in total; closed when the
 * viewer is revoked, says bye, goes idle, or the engine stops. See README.md.
 */
import { PlaybackOpen, type PlaybackLimits, type PlaybackOpened } from '@vigil/shared/recording';
import { describeIssues } from '@vigil/shared/issues';
import type { IceCandidate } from '@vigil/shared/signaling';
import { servePlaybackChannel, type ChannelTuning, type PlaybackBackend } from './channel.ts';
import { PlaybackPeer, type PeerOptions } from './peer.ts';

/** Options of the playback service, each limit with its default. */
export interface PlaybackOptions {
  backend: PlaybackBackend;
  /** Whether a camera id may be played (configured, or with recordings left). */
  hasCamera(camera: string): boolean;
  /** Longest range of one media request; default 10 minutes (bounded memory in the browser). */
  maxMediaRangeMs?: number;
  /** Longest range of one listing; default 7 days. */
  maxListRangeMs?: number;
  /** Longest range of one export; default 1 hour. */
  maxExportRangeMs?: number;
  /** Playback sessions one viewer may hold at once; default 2. */
  maxSessionsPerViewer?: number;
  /** Playback sessions in total; default 16. */
  maxSessions?: number;
  /**
   * Exports one viewer may have running (made or being streamed to it) at once, over all its
   * sessions; default 1. Each is deleted once streamed, and the recorder bounds their size.
   */
  maxExportsPerViewer?: number;
  /** A session with no command for this long closes; default 15 minutes. */
  idleTimeoutMs?: number;
  /** A session whose channel has not opened this long after the answer closes; default 30 s. */
  connectTimeoutMs?: number;
  peer?: PeerOptions;
  tuning?: ChannelTuning;
  /** Sends the engine's trickled candidates to the viewer (its signalling address and request session). */
  sendCandidate?(to: string, session: string, candidate: IceCandidate): void;
}

/** Who asked, as the bridge authorised it. */
export interface PlaybackCaller {
  /** The paired viewer's id. */
  viewer: string;
  /** Its signalling address and the request's session id (candidates and byes use them). */
  from: string;
  session: string;
}

interface Entry {
  peer: PlaybackPeer;
  viewer: string;
  camera: string;
}

/** Creates the playback service. */
export function createPlaybackService(options: PlaybackOptions) {
  const limits: PlaybackLimits = {
    maxMediaRangeMs: options.maxMediaRangeMs ?? 10 * 60_000,
    maxListRangeMs: options.maxListRangeMs ?? 7 * 86_400_000,
    maxExportRangeMs: options.maxExportRangeMs ?? 60 * 60_000,
  };
  const sessions = new Map<string, Entry>(); // key: `${from}/${session}`
  const exporting = new Map<string, number>(); // viewer → exports running

  /** The recorder as one viewer's channels see it: its exports counted against its bound. */
  function backendFor(viewer: string): PlaybackBackend {
    const folders = new Set<string>();
    const end = () => {
      const left = (exporting.get(viewer) ?? 1) - 1;
      if (left > 0) exporting.set(viewer, left);
      else exporting.delete(viewer);
    };
    return {
      ...options.backend,
      async export(camera, from, to, onProgress) {
        const max = options.maxExportsPerViewer ?? 1;
        if ((exporting.get(viewer) ?? 0) >= max) throw new Error(`this viewer already has ${max} export${max === 1 ? '' : 's'} running: wait for it to finish`);
        exporting.set(viewer, (exporting.get(viewer) ?? 0) + 1);
        try {
          const result = await options.backend.export(camera, from, to, onProgress);
          folders.add(result.folder);
          return result;
        } catch (error) {
          end();
          throw error;
        }
      },
      async releaseExport(folder) {
        // The channel releases every export it got once streamed: that ends the viewer's export.
        if (folders.delete(folder)) end();
        await options.backend.releaseExport(folder);
      },
    };
  }
  const opening = new Set<{ viewer: string }>(); // requests being answered, each holding a slot

  function idleCloser(peer: PlaybackPeer): () => void {
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    // A timer armed after the close would hold the engine's process open for 15 minutes.
    const touch = () => {
      clearTimeout(timer);
      if (!closed) timer = setTimeout(() => void peer.close(), options.idleTimeoutMs ?? 15 * 60_000);
    };
    peer.onClose(() => ((closed = true), clearTimeout(timer)));
    touch();
    return touch;
  }

  return {
    /** Opens a session for an authorised `playback` request; the reply goes back signed. */
    async open(caller: PlaybackCaller, payload: unknown): Promise<PlaybackOpened> {
      const parsed = PlaybackOpen.safeParse(payload);
      if (!parsed.success) return { error: `bad playback request: ${describeIssues(parsed.error)}` };
      const { camera, sdp } = parsed.data;
      if (!options.hasCamera(camera)) return { error: `no camera "${camera}" on this streamer` };
      const mine = [...sessions.values(), ...opening].filter((entry) => entry.viewer === caller.viewer).length;
      const perViewer = options.maxSessionsPerViewer ?? 2;
      if (mine >= perViewer) return { error: `this viewer already has ${perViewer} playback sessions open: close one first` };
      if (sessions.size + opening.size >= (options.maxSessions ?? 16)) return { error: 'the streamer is serving too many playback sessions: try again later' };
      // The slot is held from here, before the answer's await: checked without it, 30 concurrent
      // requests all saw room and all got a session.
      const slot = { viewer: caller.viewer };
      opening.add(slot);
      let touch = () => {};
      let connected = false;
      let peer: PlaybackPeer | undefined;
      try {
        peer = await PlaybackPeer.answer(
          sdp,
          (channel) => {
            connected = true;
            // The viewer closed its channel (it left the screen): free its slot now, not after
            // the disconnect grace period, so reopening the recordings is never refused.
            channel.stateChanged.subscribe((state) => state === 'closed' && void peer?.close());
            const handle = servePlaybackChannel(channel, camera, backendFor(caller.viewer), limits, options.tuning);
            channel.onMessage.subscribe((data) => {
              touch();
              handle(data);
            });
          },
          options.peer,
        );
      } catch (error) {
        return { error: `playback could not start: ${(error as Error).message}` };
      } finally {
        opening.delete(slot);
      }
      // Its connection failed while it was being answered (no usable candidates): nothing to serve.
      if (peer.isClosed) return { error: 'playback could not start: the connection failed while it was being answered' };
      touch = idleCloser(peer);
      // An answered viewer that never connects must not hold one of its slots for long.
      const unconnected = setTimeout(() => !connected && void peer.close(), options.connectTimeoutMs ?? 30_000);
      peer.onClose(() => clearTimeout(unconnected));
      const key = `${caller.from}/${caller.session}`;
      sessions.set(key, { peer, viewer: caller.viewer, camera });
      // Candidates gathered after the answer (server-reflexive, relayed) trickle to the viewer.
      peer.onCandidate((candidate) => !peer.isClosed && options.sendCandidate?.(caller.from, caller.session, candidate));
      peer.onClose(() => sessions.get(key)?.peer === peer && sessions.delete(key));
      return { sdp: peer.answerSdp, limits };
    },
    /** A candidate the viewer trickled; false when no playback session has that address. */
    candidate(from: string, session: string, candidate: IceCandidate | null): boolean {
      const entry = sessions.get(`${from}/${session}`);
      void entry?.peer.addIceCandidate(candidate).catch(() => undefined);
      return !!entry;
    },
    /** The viewer ended a session; false when it was not a playback session. */
    bye(from: string, session: string): boolean {
      const entry = sessions.get(`${from}/${session}`);
      void entry?.peer.close();
      return !!entry;
    },
    /** Ends every session of a revoked viewer. */
    closeViewer(viewer: string): void {
      for (const entry of sessions.values()) if (entry.viewer === viewer) void entry.peer.close();
    },
    /** Open sessions, for figures and tests. */
    list: () => [...sessions.values()].map((entry) => ({ id: entry.peer.id, viewer: entry.viewer, camera: entry.camera })),
    async stop(): Promise<void> {
      await Promise.all([...sessions.values()].map((entry) => entry.peer.close()));
      sessions.clear();
    },
    limits,
  };
}
export type PlaybackService = ReturnType<typeof createPlaybackService>;
