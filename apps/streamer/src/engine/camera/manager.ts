/**
 * The engine's camera façade: cameras from the config, each with a supervisor and its live
 * feeds, and the viewers' live sessions on them. The control API, CLI and signalling glue call
 * this; nothing here knows about HTTP or signalling.
 */
import { CameraConfig, type CameraConfigInput, type CameraState } from '@vigil/shared/config';
import { LiveFeed } from '../live/feed.ts';
import { openLiveSession, type LiveSession, type OpenSessionParams, type SessionOptions } from '../live/session.ts';
import { CameraSupervisor, type SupervisorOptions } from './supervisor.ts';
import { needsRestart } from './config-change.ts';
import { LiveError } from './errors.ts';

/** How long a live offer to a starting camera waits to learn whether the camera has sound. */
const SOUND_WAIT_MS = 3000;

/** Every limit of the manager, each with its default. */
export interface CameraManagerOptions extends SupervisorOptions, SessionOptions {
  /** Sessions one camera serves at most; default 16. */
  maxViewersPerCamera?: number;
  /** GOP cache per feed in bytes; default 4 MiB. */
  gopCacheBytes?: number;
}

/** What openSession needs. */
export interface OpenSessionRequest {
  cameraId: string;
  /** The viewer's offer: recvonly video (H.264) and, optionally, a data channel. */
  offerSdp: string;
  /** Serve the camera's substream (grid tiles) when it has one; the main stream otherwise. */
  substream?: boolean;
  /** The viewer's way to talk through the camera's speaker (see live/session.ts); none: no talking. */
  talk?: OpenSessionParams['talk'];
}

/** A session as listed by sessions(). */
export interface SessionInfo {
  id: string;
  cameraId: string;
  substream: boolean;
}

/** Live figures of one camera. */
export interface CameraStats {
  fps: number;
  bitrateKbps: number;
  viewers: number;
  restarts: number;
  lastError: string | undefined;
}

/** The camera manager's API. */
export interface CameraManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  upsert(config: CameraConfigInput): Promise<void>;
  remove(id: string): Promise<void>;
  states(): CameraState[];
  onState(callback: (state: CameraState) => void): () => void;
  openSession(request: OpenSessionRequest): Promise<LiveSession>;
  sessions(): SessionInfo[];
  closeSession(id: string): Promise<void>;
  stats(id: string): CameraStats | undefined;
  /** The ffmpeg arguments last used for a camera, credentials redacted. */
  command(id: string): string[] | undefined;
  /** The main feed's cached GOP as RTP packets (event snapshots); empty when nothing is cached. */
  cachedGop(id: string): Buffer[];
}

interface Camera {
  config: CameraConfig;
  main: LiveFeed;
  sub: LiveFeed | undefined;
  /** The camera's sound for live viewers (Opus RTP; silent while the camera has none). */
  audio: LiveFeed;
  supervisor: CameraSupervisor;
}

/** Creates a camera manager; nothing runs until start(). */
export function createCameraManager(options: CameraManagerOptions = {}): CameraManager {
  const cameras = new Map<string, Camera>();
  const sessions = new Map<string, { session: LiveSession; info: SessionInfo }>();
  const opening = new Map<string, number>(); // camera id → sessions being negotiated (slots taken)
  const listeners = new Set<(state: CameraState) => void>();
  let started = false;
  const report = (state: CameraState) => {
    for (const listener of listeners) listener(state);
  };

  async function launch(config: CameraConfig, previous?: Camera): Promise<Camera> {
    const feedOptions = { gopCacheBytes: options.gopCacheBytes };
    const main = previous?.main ?? new LiveFeed(feedOptions);
    const audio = previous?.audio ?? new LiveFeed({ audio: true });
    const wantsSub = config.source.kind === 'rtsp' && config.source.substreamUrl !== undefined;
    let sub = previous?.sub;
    if (wantsSub && !sub) sub = new LiveFeed(feedOptions);
    if (!wantsSub && sub) {
      await sub.stop();
      sub = undefined;
    }
    if (started) await startFeeds(main, sub, audio);
    const supervisor = new CameraSupervisor(config, { main, sub, audio }, options, report, previous?.supervisor);
    const camera: Camera = { config, main, sub, audio, supervisor };
    if (started && config.enabled) supervisor.start();
    return camera;
  }

  async function startFeeds(main: LiveFeed, sub: LiveFeed | undefined, audio: LiveFeed): Promise<void> {
    await main.start();
    if (sub) await sub.start();
    await audio.start();
  }

  async function closeSessionsOf(cameraId: string): Promise<void> {
    const mine = [...sessions.values()].filter((entry) => entry.info.cameraId === cameraId);
    await Promise.all(mine.map((entry) => entry.session.close()));
  }

  return {
    async start() {
      if (started) return;
      started = true;
      for (const camera of cameras.values()) {
        await startFeeds(camera.main, camera.sub, camera.audio);
        if (camera.config.enabled) camera.supervisor.start();
      }
    },

    async stop() {
      started = false;
      await Promise.all([...sessions.values()].map((entry) => entry.session.close()));
      await Promise.all([...cameras.values()].map((camera) => camera.supervisor.stop()));
      // Cameras stay configured; start() binds their feeds and spawns ffmpeg again.
      await Promise.all([...cameras.values()].flatMap((camera) => [camera.main.stop(), camera.sub?.stop(), camera.audio.stop()]));
    },

    async upsert(input) {
      const config = CameraConfig.parse(input);
      const previous = cameras.get(config.id);
      if (previous) {
        // Saving an unchanged config is a no-op, except that it retries a failed camera: failures
        // such as refused credentials are never retried on a timer.
        const unchanged = !needsRestart(previous.config, config);
        if (unchanged && previous.supervisor.state.state !== 'failed') {
          // A new name or site (or detection settings, read per event) needs no new ffmpeg (NO_RESTART_FIELDS).
          previous.config = config;
          return;
        }
        // The feeds (and so the viewers' sessions) survive a config change; only ffmpeg restarts.
        await previous.supervisor.stop();
      }
      cameras.set(config.id, await launch(config, previous));
    },

    async remove(id) {
      const camera = cameras.get(id);
      if (!camera) return;
      cameras.delete(id);
      await closeSessionsOf(id);
      await camera.supervisor.stop();
      await Promise.all([camera.main.stop(), camera.sub?.stop(), camera.audio.stop()]);
    },

    states: () => [...cameras.values()].map((camera) => camera.supervisor.state),

    onState(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },

    async openSession(request) {
      const camera = cameras.get(request.cameraId);
      if (!camera) throw new LiveError('unknown-camera', `No camera ${request.cameraId}.`);
      const viewers = [...sessions.values()].filter((entry) => entry.info.cameraId === request.cameraId).length + (opening.get(request.cameraId) ?? 0);
      const max = options.maxViewersPerCamera ?? 16;
      if (viewers >= max) throw new LiveError('too-many-viewers', `Camera ${request.cameraId} already has ${max} viewers.`);
      // The slot is taken before the first await: offers checked while others were still being
      // answered all saw room, so 30 concurrent offers used to get 30 answers against a cap of 16.
      opening.set(request.cameraId, (opening.get(request.cameraId) ?? 0) + 1);
      const substream = request.substream === true && camera.sub !== undefined;
      const feed = substream && camera.sub ? camera.sub : camera.main;
      let session: LiveSession;
      try {
        // A camera still starting may not have said yet whether it has sound: wait (bounded) for
        // its input listing, which comes before its first frame anyway (supervisor.soundKnown).
        if (camera.supervisor.state.state === 'starting') await camera.supervisor.soundKnown(SOUND_WAIT_MS);
        // The sound rides along when the camera has some that viewers may hear (ffmpeg/audio.ts).
        const audio = (camera.supervisor.audio?.live ?? 'off') !== 'off' ? camera.audio : undefined;
        session = await openLiveSession({ cameraId: request.cameraId, feed, audio, talk: request.talk, offerSdp: request.offerSdp, options });
      } catch (error) {
        throw new LiveError('bad-offer', `The offer could not be answered: ${(error as Error).message}`);
      } finally {
        const left = (opening.get(request.cameraId) ?? 1) - 1;
        if (left > 0) opening.set(request.cameraId, left);
        else opening.delete(request.cameraId);
      }
      sessions.set(session.id, { session, info: { id: session.id, cameraId: request.cameraId, substream } });
      session.onClose(() => sessions.delete(session.id));
      return session;
    },

    sessions: () => [...sessions.values()].map((entry) => ({ ...entry.info })),

    async closeSession(id) {
      await sessions.get(id)?.session.close();
    },

    stats(id) {
      const camera = cameras.get(id);
      if (!camera) return undefined;
      const figures = camera.main.stats();
      return {
        fps: figures.fps,
        bitrateKbps: figures.bitrateKbps,
        viewers: [...sessions.values()].filter((entry) => entry.info.cameraId === id).length,
        restarts: camera.supervisor.state.restarts,
        lastError: camera.supervisor.lastError,
      };
    },

    command: (id) => cameras.get(id)?.supervisor.pipeline?.redactedArgs,

    cachedGop: (id) => cameras.get(id)?.main.cached().map((packet) => packet.data) ?? [],
  };
}
