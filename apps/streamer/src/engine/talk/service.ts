/**
 * Talk back: a viewer's microphone to a camera's speaker, behind a per-viewer permission (off by
 * default, granted on the Viewers screen). Each live session that offered to send audio gets a
 * TalkLine; the packets it receives go through the line:
 *
 *   idle ──packet, permitted, camera free──► opening (sink + transcoder; packets held)
 *        ──► talking ──no packet for idleMs (push-to-talk released)──► idle
 *   any packet while not permitted, or another viewer talking ──► refused (said once per burst)
 *   the sink cannot be opened or fails ──► refused with why; packets refused until the burst ends
 *   permission withdrawn or viewer revoked ──► the talk stops at once; later packets are refused
 *
 * The sink is the camera's own speaker (ONVIF backchannel, for RTSP cameras) or the streamer
 * PC's audio output (for USB, test-pattern and file cameras, which have none). One viewer talks
 * through a camera at a time. The streamer UI hears each start and stop.
 */
import type { TalkActivity, TalkNotice } from '@vigil/shared/audio';
import { Backchannel } from './backchannel.ts';
import { speakerFailure } from './speaker.ts';
import { sameOutput, TalkTranscoder, type TalkOutput } from './transcoder.ts';

/** Where a camera's talk is played: its ONVIF backchannel, or an audio output of the streamer PC. */
export type TalkSink = { kind: 'backchannel'; url: string } | { kind: 'speaker'; device: string };

/** What the talk service needs from the engine. */
export interface TalkDeps {
  ffmpegPath: string;
  /** Where talk through the camera goes; undefined when it cannot take talk. */
  sink(cameraId: string): TalkSink | undefined;
  mayTalk(viewerId: string): boolean;
  viewerName(viewerId: string): string;
  /** Someone started or stopped talking. */
  onActivity?(activity: TalkActivity): void;
}

/** Limits, each with its default. */
export interface TalkOptions {
  /** A talk ends when no packet came for this long (push-to-talk released); default 600 ms. */
  idleMs?: number;
  /**
   * Packets held while the sink opens, the newest kept; default 15 (300 ms of 20 ms packets).
   * Everything held is played at once when the sink is ready and the rest of the talk follows it,
   * so what is held is delay added to the whole talk: 2 s held (the old default, the oldest kept)
   * made a slow start 2 s late to the end, and left that much in the speaker's buffer.
   */
  maxHeldPackets?: number;
}

/** One session's way to talk: packets of the viewer's voice in, notices out. */
export interface TalkLine {
  push(packet: Buffer): void;
  close(): void;
}

interface Talk {
  viewer: string;
  sink: TalkSink;
  notify: (notice: TalkNotice) => void;
  line: object;
  /** Tells the line why its talk failed; it refuses packets until the burst ends. */
  failed: (reason: string) => void;
  backchannel?: Backchannel;
  transcoder?: TalkTranscoder;
  held: Buffer[];
  idleTimer?: NodeJS.Timeout;
  ended: boolean;
}

/** Creates the talk service. */
export function createTalkService(deps: TalkDeps, options: TalkOptions = {}) {
  const talks = new Map<string, Talk>(); // camera id → its one talk
  const idleMs = options.idleMs ?? 600;
  // One transcoder started ahead (A-law for a backchannel, what cameras mostly take; the chosen
  // output for a PC speaker): starting ffmpeg is most of the wait before the first words are
  // heard (see bench/audio/talk.ts).
  let spare: Promise<TalkTranscoder> | undefined;
  let stopped = false;
  const aheadFor = (sink: TalkSink): TalkOutput => (sink.kind === 'speaker' ? sink : { kind: 'g711', codec: 'PCMA' });
  const warm = (output: TalkOutput) => {
    if (stopped || spare) return;
    const started = TalkTranscoder.start(deps.ffmpegPath, output);
    spare = started;
    started.catch(() => spare === started && (spare = undefined));
  };
  async function transcoderFor(output: TalkOutput): Promise<TalkTranscoder> {
    const ready = spare && (await spare.catch(() => undefined));
    spare = undefined;
    warm(output);
    if (ready?.running && sameOutput(ready.output, output)) return ready;
    await ready?.stop();
    return TalkTranscoder.start(deps.ffmpegPath, output);
  }

  const activity = (camera: string, talk: Talk, talking: boolean): TalkActivity => ({
    camera,
    viewer: talk.viewer,
    viewerName: deps.viewerName(talk.viewer),
    talking,
    ...(talk.sink.kind === 'speaker' ? { onComputer: true } : {}),
  });

  async function end(cameraId: string, talk: Talk): Promise<void> {
    if (talk.ended) return;
    talk.ended = true;
    clearTimeout(talk.idleTimer);
    if (talks.get(cameraId) === talk) talks.delete(cameraId);
    talk.notify({ type: 'talk', state: 'ended' });
    deps.onActivity?.(activity(cameraId, talk, false));
    await talk.transcoder?.stop().catch(() => undefined);
    await talk.backchannel?.close().catch(() => undefined);
  }

  async function begin(cameraId: string, sink: TalkSink, talk: Talk): Promise<void> {
    try {
      let transcoder: TalkTranscoder;
      if (sink.kind === 'backchannel') {
        const backchannel = (talk.backchannel = await Backchannel.open(sink.url));
        if (talk.ended) return void backchannel.close();
        transcoder = talk.transcoder = await transcoderFor({ kind: 'g711', codec: backchannel.track.codec });
        transcoder.onSamples = (samples) => backchannel.send(samples);
      } else transcoder = talk.transcoder = await transcoderFor(sink);
      transcoder.onFailure = (lines) =>
        void fail(cameraId, talk, sink.kind === 'speaker' ? speakerFailure(sink.device, lines) : `the camera’s speaker stopped: ${lines.at(-1) ?? 'ffmpeg ended'}`);
      if (talk.ended) return void end(cameraId, talk);
      for (const packet of talk.held.splice(0)) transcoder.push(packet);
      talk.notify({ type: 'talk', state: 'talking' });
      deps.onActivity?.(activity(cameraId, talk, true));
    } catch (error) {
      await fail(cameraId, talk, (error as Error).message);
    }
  }

  /** The talk could not start or its sink broke: it ends, and the viewer hears why. */
  async function fail(cameraId: string, talk: Talk, reason: string): Promise<void> {
    if (talk.ended) return;
    if (talk.transcoder) await end(cameraId, talk);
    else {
      // It never started: nobody was told it did, so there is no "ended" to say.
      talk.ended = true;
      clearTimeout(talk.idleTimer);
      if (talks.get(cameraId) === talk) talks.delete(cameraId);
      await talk.backchannel?.close().catch(() => undefined);
    }
    talk.failed(reason);
  }

  return {
    /** A line for a session of `viewer` on `cameraId`; undefined when the camera cannot take talk. */
    line(cameraId: string, viewer: string, notify: (notice: TalkNotice) => void): TalkLine | undefined {
      const sink = deps.sink(cameraId);
      if (!sink) return undefined;
      if (deps.mayTalk(viewer)) warm(aheadFor(sink));
      const line = {};
      let refusedBurst = false;
      // Why this line's last talk failed: later packets of the same press are refused, not retried.
      let failure: string | undefined;
      let burstTimer: NodeJS.Timeout | undefined;
      const refuse = (reason: string) => {
        // Said once per burst of packets, not fifty times a second.
        clearTimeout(burstTimer);
        burstTimer = setTimeout(() => {
          refusedBurst = false;
          failure = undefined;
        }, idleMs);
        if (refusedBurst) return;
        refusedBurst = true;
        notify({ type: 'talk', state: 'refused', reason });
      };
      const failed = (reason: string) => {
        failure = reason;
        refusedBurst = false;
        refuse(reason);
      };
      return {
        push(packet) {
          if (!deps.mayTalk(viewer)) {
            // Withdrawn while talking: the talk ends first, so the viewer hears "ended", then why.
            const own = talks.get(cameraId);
            if (own?.line === line) void end(cameraId, own);
            return refuse('this viewer may not talk through the cameras: the streamer’s owner can allow it on the Viewers screen');
          }
          if (failure !== undefined) return refuse(failure);
          warm(aheadFor(sink));
          let talk = talks.get(cameraId);
          if (talk && talk.line !== line) return refuse(`${deps.viewerName(talk.viewer)} is talking through this camera`);
          if (!talk) {
            talk = { viewer, sink, notify, line, failed, held: [], ended: false };
            talks.set(cameraId, talk);
            void begin(cameraId, sink, talk);
          }
          const current = talk;
          clearTimeout(current.idleTimer);
          current.idleTimer = setTimeout(() => void end(cameraId, current), idleMs);
          if (current.transcoder) current.transcoder.push(packet);
          else if (current.held.push(Buffer.from(packet)) > (options.maxHeldPackets ?? 15)) current.held.shift();
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
    active: (): TalkActivity[] => [...talks].filter(([, t]) => t.transcoder).map(([camera, t]) => activity(camera, t, true)),

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
