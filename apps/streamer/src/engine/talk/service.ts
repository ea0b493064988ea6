/**
 * Talk back: a viewer's microphone to a camera's speaker, behind a per-viewer permission (off by
 * default, granted on the Viewers screen). Each live session that offered to send audio gets a
 * TalkLine; the packets it receives go through the line:
 *
 *   idle ──packet, permitted, camera free──► opening (backchannel + transcoder; packets held)
 *        ──► talking ──no packet for idleMs (push-to-talk released)──► idle
 *   any packet while not permitted, or another viewer talking ──► refused (said once per burst)
 *   permission withdrawn or viewer revoked ──► the talk stops at once; later packets are refused
 *
 * One viewer talks through a camera at a time. The streamer UI hears each start and stop.
 */
import type { TalkActivity, TalkNotice } from '@vigil/shared/audio';
import { Backchannel, type G711 } from './backchannel.ts';
import { OpusToG711 } from './transcoder.ts';

/** What the talk service needs from the engine. */
export interface TalkDeps {
  ffmpegPath: string;
  /** The RTSP URL of a camera that may have a backchannel; undefined for other sources. */
  cameraUrl(cameraId: string): string | undefined;
  mayTalk(viewerId: string): boolean;
  viewerName(viewerId: string): string;
  /** Someone started or stopped talking. */
  onActivity?(activity: TalkActivity): void;
}

/** Limits, each with its default. */
export interface TalkOptions {
  /** A talk ends when no packet came for this long (push-to-talk released); default 600 ms. */
  idleMs?: number;
  /** Packets held while the backchannel opens; default 100 (2 s of 20 ms packets). */
  maxHeldPackets?: number;
}

/** One session's way to talk: packets of the viewer's voice in, notices out. */
export interface TalkLine {
  push(packet: Buffer): void;
  close(): void;
}

interface Talk {
  viewer: string;
  notify: (notice: TalkNotice) => void;
  line: object;
  backchannel?: Backchannel;
  transcoder?: OpusToG711;
  held: Buffer[];
  idleTimer?: NodeJS.Timeout;
  ended: boolean;
}

/** Creates the talk service. */
export function createTalkService(deps: TalkDeps, options: TalkOptions = {}) {
  const talks = new Map<string, Talk>(); // camera id → its one talk
  const idleMs = options.idleMs ?? 600;
  // One transcoder started ahead (A-law, what cameras mostly take): starting ffmpeg is most of the
  // wait before the first words reach the camera (see bench/audio/talk.ts).
  let spare: Promise<OpusToG711> | undefined;
  let stopped = false;
  const warm = () => {
    if (stopped || spare) return;
    spare = OpusToG711.start(deps.ffmpegPath, 'PCMA');
    spare.catch(() => (spare = undefined));
  };
  async function transcoderFor(codec: G711): Promise<OpusToG711> {
    const ready = spare && (await spare.catch(() => undefined));
    spare = undefined;
    warm();
    if (ready?.running && ready.codec === codec) return ready;
    await ready?.stop();
    return OpusToG711.start(deps.ffmpegPath, codec);
  }

  async function end(cameraId: string, talk: Talk): Promise<void> {
    if (talk.ended) return;
    talk.ended = true;
    clearTimeout(talk.idleTimer);
    if (talks.get(cameraId) === talk) talks.delete(cameraId);
    talk.notify({ type: 'talk', state: 'ended' });
    deps.onActivity?.({ camera: cameraId, viewer: talk.viewer, viewerName: deps.viewerName(talk.viewer), talking: false });
    await talk.transcoder?.stop().catch(() => undefined);
    await talk.backchannel?.close().catch(() => undefined);
  }

  async function begin(cameraId: string, url: string, talk: Talk): Promise<void> {
    const notify = talk.notify;
    try {
      talk.backchannel = await Backchannel.open(url);
      if (talk.ended) return void talk.backchannel.close();
      const backchannel = talk.backchannel;
      talk.transcoder = await transcoderFor(backchannel.track.codec);
      talk.transcoder.onSamples = (samples) => backchannel.send(samples);
      if (talk.ended) return void end(cameraId, talk);
      for (const packet of talk.held.splice(0)) talk.transcoder.push(packet);
      notify({ type: 'talk', state: 'talking' });
      deps.onActivity?.({ camera: cameraId, viewer: talk.viewer, viewerName: deps.viewerName(talk.viewer), talking: true });
    } catch (error) {
      notify({ type: 'talk', state: 'refused', reason: (error as Error).message });
      talk.ended = true;
      clearTimeout(talk.idleTimer);
      if (talks.get(cameraId) === talk) talks.delete(cameraId);
      await talk.backchannel?.close().catch(() => undefined);
    }
  }

  return {
    /** A line for a session of `viewer` on `cameraId`; undefined when the camera cannot take talk. */
    line(cameraId: string, viewer: string, notify: (notice: TalkNotice) => void): TalkLine | undefined {
      const url = deps.cameraUrl(cameraId);
      if (!url) return undefined;
      if (deps.mayTalk(viewer)) warm();
      const line = {};
      let refusedBurst = false;
      let burstTimer: NodeJS.Timeout | undefined;
      const refuse = (reason: string) => {
        // Said once per burst of packets, not fifty times a second.
        clearTimeout(burstTimer);
        burstTimer = setTimeout(() => (refusedBurst = false), idleMs);
        if (refusedBurst) return;
        refusedBurst = true;
        notify({ type: 'talk', state: 'refused', reason });
      };
      return {
        push(packet) {
          if (!deps.mayTalk(viewer)) {
            // Withdrawn while talking: the talk ends first, so the viewer hears "ended", then why.
            const own = talks.get(cameraId);
            if (own?.line === line) void end(cameraId, own);
            return refuse('this viewer may not talk through the cameras: the streamer’s owner can allow it on the Viewers screen');
          }
          warm();
          let talk = talks.get(cameraId);
          if (talk && talk.line !== line) return refuse(`${deps.viewerName(talk.viewer)} is talking through this camera`);
          if (!talk) {
            talk = { viewer, notify, line, held: [], ended: false };
            talks.set(cameraId, talk);
            void begin(cameraId, url, talk);
          }
          const current = talk;
          clearTimeout(current.idleTimer);
          current.idleTimer = setTimeout(() => void end(cameraId, current), idleMs);
          if (current.transcoder) current.transcoder.push(packet);
          else if (current.held.length < (options.maxHeldPackets ?? 100)) current.held.push(Buffer.from(packet));
        },
        close() {
          clearTimeout(burstTimer);
          const talk = talks.get(cameraId);
          if (talk?.line === line) void end(cameraId, talk);
        },
      };
    },

    /** Stops whatever `viewer` is saying now (permission withdrawn or viewer revoked). */
    withdraw(viewer: string): void {
      for (const [cameraId, talk] of talks) if (talk.viewer === viewer) void end(cameraId, talk);
    },

    /** Who is talking through which camera now. */
    active: (): TalkActivity[] => [...talks].filter(([, t]) => t.transcoder).map(([camera, t]) => ({ camera, viewer: t.viewer, viewerName: deps.viewerName(t.viewer), talking: true })),

    /** Ends every talk. */
    async stop(): Promise<void> {
      stopped = true;
      const left = spare;
      spare = undefined;
      await (await left?.catch(() => undefined))?.stop();
      await Promise.all([...talks].map(([cameraId, talk]) => end(cameraId, talk)));
    },
  };
}
export type TalkService = ReturnType<typeof createTalkService>;
