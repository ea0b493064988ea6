/**
 * Keeps one camera's ffmpeg running: spawns it, watches its stderr and its packets, and restarts
 * it with backoff when it exits or stalls. Problems a restart cannot fix (bad URL, a codec the
 * engine refuses, refused credentials) end in `failed` without retries. See README.md.
 */
import type { CameraConfig, CameraFailure, CameraState } from '@vigil/shared/config';
import { codecPolicy, diagnoseLine, inputCodecOf, redactLine, type Diagnosis } from '../ffmpeg/diagnose.ts';
import { concatTakesOptions, locateFfmpeg } from '../ffmpeg/locate.ts';
import { liveOutput, motionOutput } from '../ffmpeg/outputs.ts';
import { audioPlan, inputAudioCodecOf, liveAudioOutput } from '../ffmpeg/audio.ts';
import type { CameraAudioState } from '@vigil/shared/audio';
import { buildPipeline, type Pipeline, type PipelineInput, type PipelineOutput } from '../ffmpeg/pipeline.ts';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/process.ts';
import { hasUserInfo, inputForSource, microphoneInput } from '../ffmpeg/sources.ts';
import type { LiveFeed } from '../live/feed.ts';
import { backoffDelay } from '@vigil/shared/backoff';
import { restartBackoff, type RestartBackoffOptions as BackoffOptions } from '../../common/restartBackoff.ts';
import { SLAVE_FAILED, type RecordingHook } from './recording-hook.ts';
import type { MotionHook } from './motion-hook.ts';

/** Supervision limits, each with its default. */
export interface SupervisorOptions extends BackoffOptions {
  /** ffmpeg binary; default: locateFfmpeg(). */
  ffmpegPath?: string;
  /** Longest wait for the first packet after a spawn; default 15000 ms. */
  startTimeoutMs?: number;
  /** A live camera with no packet for this long is restarted; default 5000 ms. */
  stallTimeoutMs?: number;
  /** Live this long and the backoff starts again from its first step; default 30000 ms. */
  stableAfterMs?: number;
  /** RTSP socket timeout given to ffmpeg; default 5000 ms. */
  rtspTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL when stopping ffmpeg; default 2000 ms. */
  killGraceMs?: number;
  /** The recorder that adds a `record` output to each camera's process; none: live only. */
  recording?: RecordingHook;
  /** Motion detection: adds a `motion` output (gray frames on stdout) and takes the stream. */
  motion?: MotionHook;
  /**
   * After ffmpeg drops the record output (a full disk), the process is restarted this much later,
   * once the recorder has freed space, so recording resumes; default 5000 ms.
   */
  recordRetryMs?: number;
}

/** The feeds a camera's process writes to. */
export interface CameraFeeds {
  main: LiveFeed;
  /** Present when the camera has a substream. */
  sub?: LiveFeed;
  /** The camera's sound for live viewers (Opus RTP); without it the camera is heard by nobody. */
  audio?: LiveFeed;
}

const STALLED: Diagnosis = { reason: 'stalled', message: 'The camera stopped sending video.', permanent: false };
const WATCH_INTERVAL_MS = 500;

const sameSource = (a: CameraConfig, b: CameraConfig) => JSON.stringify(a.source) === JSON.stringify(b.source);

/** Supervises one camera's ffmpeg. */
export class CameraSupervisor {
  private current: CameraState;
  private proc: FfmpegProcess | undefined;
  private lastPipeline: Pipeline | undefined;
  private running = false;
  private attempt = 0;
  private restartCount = 0;
  private liveSince = 0;
  private spawnedAt = 0;
  private lastPacketAt = 0;
  private diagnosis: Diagnosis | undefined;
  private inputSection: number | undefined;
  private readonly transcode = [false, false];
  private switchingCodec = false;
  /**
   * The main input's audio codec, learnt from ffmpeg's listing of it: undefined until then and
   * for a camera without sound. The first spawn maps no audio; once the listing names a codec,
   * the process is restarted once with the sound mapped (copied or encoded, see ffmpeg/audio.ts).
   */
  private audioCodec: string | undefined;
  private audioKnown = false;
  /** This spawn's listing of input 0 named an audio stream. */
  private sawAudio = false;
  /**
   * This spawn does not record because the sound is not known yet: segments with and without an
   * audio track cannot follow each other in one MediaSource, so an RTSP camera records only once
   * its listing said whether it has sound (about a second after the first start).
   */
  private recordHeld = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private recordRetryTimer: NodeJS.Timeout | undefined;
  private recordFailed = false;
  private watchTimer: NodeJS.Timeout | undefined;
  private unsubscribePacket: (() => void) | undefined;
  private error: string | undefined;

  constructor(
    readonly config: CameraConfig,
    private readonly feeds: CameraFeeds,
    private readonly options: SupervisorOptions,
    private readonly report: (state: CameraState) => void,
    /** The sound a previous supervisor of this camera learnt (a config change keeps it). */
    previous?: CameraSupervisor,
  ) {
    this.current = { id: config.id, state: 'stopped', since: Date.now(), restarts: 0 };
    // A USB camera's microphone is known from the config: raw PCM, encoded for live and recording.
    if (config.source.kind === 'usb') {
      this.audioKnown = true;
      this.audioCodec = config.source.microphone ? 'pcm_s16le' : undefined;
    } else if (previous?.audioKnown && sameSource(previous.config, config)) {
      this.audioKnown = true;
      this.audioCodec = previous.audioCodec;
    }
  }

  /** Starts supervising (spawns ffmpeg now). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribePacket = this.feeds.main.onPacket(() => this.packet());
    this.setState('starting');
    this.spawn();
  }

  /** Stops ffmpeg and every timer; resolves once the process group has exited. */
  async stop(): Promise<void> {
    this.running = false;
    this.soundLearnt();
    clearTimeout(this.retryTimer);
    clearTimeout(this.recordRetryTimer);
    clearInterval(this.watchTimer);
    this.retryTimer = undefined;
    this.watchTimer = undefined;
    this.unsubscribePacket?.();
    this.unsubscribePacket = undefined;
    const proc = this.proc;
    this.proc = undefined;
    await proc?.stop();
    // exited() ignores a process stopped here, so the recorder hears of the exit from stop().
    if (proc) this.options.recording?.exited?.(this.config.id);
    this.setState('stopped');
  }

  /** The camera's state now. */
  get state(): CameraState {
    return this.current;
  }

  /** The last error a person can read, if any. */
  get lastError(): string | undefined {
    return this.error;
  }

  /** What the engine does with the camera's sound; undefined until ffmpeg has listed the input. */
  get audio(): CameraAudioState | undefined {
    return this.audioKnown ? audioPlan(this.audioCodec, this.config.audio) : undefined;
  }

  /**
   * Resolves once the camera's sound is known (ffmpeg has listed its input, which it does before
   * the first packet) or after `timeoutMs`. A live session opened while the camera starts waits
   * here, so it is answered with the sound instead of without it for its whole life; the wait
   * costs no first-frame time, since no frame comes before the listing.
   */
  soundKnown(timeoutMs: number): Promise<void> {
    if (this.audioKnown) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.soundWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.soundWaiters.add(done);
    });
  }
  private readonly soundWaiters = new Set<() => void>();
  private soundLearnt(): void {
    for (const done of [...this.soundWaiters]) done();
  }

  /** The last command built (args with credentials redacted), for diagnostics and tests. */
  get pipeline(): Pipeline | undefined {
    return this.lastPipeline;
  }

  /** Process id of the running ffmpeg. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  private build(): Pipeline {
    const { source } = this.config;
    const rtspTimeoutMs = this.options.rtspTimeoutMs;
    const binary = this.options.ffmpegPath ?? locateFfmpeg();
    // Asked only when there are credentials to hide (the probe runs ffmpeg once per binary).
    const credentialsOffArgv = source.kind === 'rtsp' && [source.url, source.substreamUrl ?? ''].some(hasUserInfo) && concatTakesOptions(binary);
    const inputs: PipelineInput[] = [inputForSource(source, { transcode: this.transcode[0], rtspTimeoutMs, credentialsOffArgv })];
    const fps = 'fps' in source ? source.fps : undefined;
    const sound = audioPlan(this.audioCodec, this.config.audio);
    const live = sound.live !== 'off' && this.feeds.audio !== undefined;
    // The sound's input: the camera's own, or a USB camera's microphone read beside it.
    const mic = source.kind === 'usb' && source.microphone ? inputs.push(microphoneInput(source.microphone)) - 1 : 0;
    // Both RTP outputs map pts 0 to this instant in their sender reports: one timeline (lip sync).
    const clockUs = live ? Date.now() * 1000 : undefined;
    // The main stream is the one recorded: the substream is only for grid tiles and motion.
    const target = this.options.recording?.target(this.config);
    this.recordHeld = target !== undefined && !this.audioKnown && source.kind === 'rtsp' && this.config.audio?.record !== false;
    const record = target && !this.recordHeld ? { ...target, audio: sound.record, audioInput: mic } : undefined;
    const outputs: PipelineOutput[] = [liveOutput(this.feeds.main.port, 0, { encode: inputs[0]!.encode, fps, clockUs }, 'live', record)];
    if (live && clockUs !== undefined) outputs.push(liveAudioOutput(this.feeds.audio!.port, mic, sound.live, clockUs));
    if (source.kind === 'rtsp' && source.substreamUrl && this.feeds.sub) {
      inputs.push(inputForSource(source, { substream: true, transcode: this.transcode[1], rtspTimeoutMs, credentialsOffArgv }));
      outputs.push(liveOutput(this.feeds.sub.port, 1, { encode: inputs[1]!.encode, fps }, 'live-sub'));
    }
    // Motion reads the substream when there is one: fewer pixels to decode.
    const frames = this.options.motion?.frames(this.config);
    if (frames) outputs.push(motionOutput(outputs.some((o) => o.name === 'live-sub') ? 1 : 0, frames));
    return buildPipeline(binary, inputs, outputs);
  }

  private spawn(): void {
    if (!this.running) return;
    this.retryTimer = undefined;
    this.diagnosis = undefined;
    this.inputSection = undefined;
    this.recordFailed = false;
    this.sawAudio = false;
    this.lastPipeline = this.build();
    this.feeds.main.sourceRestarted();
    this.feeds.sub?.sourceRestarted();
    this.feeds.audio?.sourceRestarted();
    this.spawnedAt = Date.now();
    this.lastPacketAt = 0;
    const proc = spawnFfmpeg(this.lastPipeline, { onLine: (line) => this.line(line) }, this.options.killGraceMs);
    this.proc = proc;
    if (proc.stdout) this.options.motion?.attach(this.config.id, proc.stdout);
    clearInterval(this.watchTimer);
    this.watchTimer = setInterval(() => this.watch(), WATCH_INTERVAL_MS);
    void proc.exited.then((code) => this.exited(proc, code));
  }

  private packet(): void {
    this.lastPacketAt = Date.now();
    if (this.current.state !== 'live' && this.proc) {
      this.liveSince = this.lastPacketAt;
      this.error = undefined;
      this.setState('live');
    }
  }

  // Kills a process that never delivered or stopped delivering; exited() restarts it.
  private watch(): void {
    const proc = this.proc;
    if (!proc) return;
    const now = Date.now();
    const silentSince = this.lastPacketAt || this.spawnedAt;
    const limit = this.lastPacketAt ? (this.options.stallTimeoutMs ?? 5000) : (this.options.startTimeoutMs ?? 15_000);
    if (now - silentSince < limit) return;
    this.diagnosis ??= STALLED;
    void proc.stop();
  }

  private line(raw: string): void {
    const line = redactLine(raw);
    const hook = this.options.recording;
    hook?.line?.(this.config.id, line);
    if (hook && this.lastPipeline?.outputs.includes('record') && !this.recordFailed && SLAVE_FAILED.test(line)) {
      this.recordFailed = true;
      hook.failed?.(this.config.id, line);
      // Live keeps going; a restart later brings the record output back once space is free.
      const proc = this.proc;
      clearTimeout(this.recordRetryTimer);
      this.recordRetryTimer = setTimeout(() => {
        if (proc === this.proc) void proc?.stop();
      }, this.options.recordRetryMs ?? 5000);
      return;
    }
    const input = /^Input #(\d+)/.exec(line);
    if (input) this.inputSection = Number(input[1]);
    else if (/^Output #/.test(line)) {
      if (this.inputSection !== undefined && this.config.source.kind !== 'usb') this.inputsListed();
      this.inputSection = undefined;
    }
    // A USB camera's sound comes from its configured microphone, never from its video input.
    const audio = this.inputSection === 0 && this.config.source.kind !== 'usb' ? inputAudioCodecOf(line) : undefined;
    if (audio && !this.sawAudio) this.learnAudio(audio);
    const codec = this.inputSection === undefined ? undefined : inputCodecOf(line.replace(/Stream #\d+:/, 'Stream #0:'));
    if (codec && this.config.source.kind === 'rtsp') this.checkCodec(this.inputSection ?? 0, codec);
    if (!this.diagnosis) {
      const found = diagnoseLine(line);
      if (found) {
        this.diagnosis = found;
        this.error = `${found.message} (${line.trim().slice(0, 200)})`;
      }
    }
  }

  // The main input's audio codec, the first time this spawn's listing names one.
  private learnAudio(codec: string): void {
    this.sawAudio = true;
    const known = this.audioKnown && this.audioCodec === codec;
    this.audioKnown = true;
    this.audioCodec = codec;
    this.soundLearnt();
    if (known) return;
    const plan = audioPlan(codec, this.config.audio);
    // Restart once with the sound mapped (and the recording held back), unless nothing would use it.
    if (plan.live !== 'off' || plan.record !== 'off' || this.recordHeld) {
      this.switchingCodec = true;
      void this.proc?.stop();
    }
  }

  // ffmpeg has listed every input: a camera that sent sound before and none now loses its audio outputs.
  private inputsListed(): void {
    if (this.sawAudio) return;
    const had = this.audioCodec !== undefined;
    this.audioKnown = true;
    this.audioCodec = undefined;
    this.soundLearnt();
    if (had || this.recordHeld) {
      this.switchingCodec = true;
      void this.proc?.stop();
    }
  }

  private checkCodec(input: number, codec: string): void {
    const policy = codecPolicy(codec);
    // H.265 is copied like H.264; the feed must know which one its packets carry.
    const feed = input === 0 ? this.feeds.main : this.feeds.sub;
    if (feed && policy === 'copy') feed.codec = codec === 'h264' ? 'h264' : 'h265';
    if (policy === 'transcode' && !this.transcode[input]) {
      // Learnt at run time: the camera's codec cannot be copied, so encode it once from now on.
      this.transcode[input] = true;
      this.switchingCodec = true;
      void this.proc?.stop();
    }
  }

  private exited(proc: FfmpegProcess, code: number | string): void {
    if (proc !== this.proc) return;
    this.proc = undefined;
    this.options.recording?.exited?.(this.config.id);
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    if (!this.running) return;
    if (this.switchingCodec) {
      this.switchingCodec = false;
      this.spawn();
      return;
    }
    const source = this.config.source;
    let diagnosis = this.diagnosis ?? { reason: 'exited' as CameraFailure, message: `The video process ended (${code}).`, permanent: false };
    if (!this.diagnosis && source.kind === 'file' && !source.loop && code === 0) {
      diagnosis = { reason: 'exited', message: 'The file has ended.', permanent: true };
    }
    this.error ??= diagnosis.message;
    if (diagnosis.permanent) {
      this.setState('failed', diagnosis);
      return;
    }
    const now = Date.now();
    if (this.liveSince && now - this.liveSince >= (this.options.stableAfterMs ?? 30_000)) this.attempt = 0;
    this.liveSince = 0;
    const delay = backoffDelay(this.attempt++, restartBackoff(this.options));
    this.restartCount++;
    this.setState('reconnecting', diagnosis);
    this.retryTimer = setTimeout(() => this.spawn(), delay);
  }

  private setState(state: CameraState['state'], diagnosis?: Diagnosis): void {
    const next: CameraState = { id: this.config.id, state, since: Date.now(), restarts: this.restartCount };
    const audio = this.audio;
    if (audio) next.audio = audio;
    if (diagnosis && (state === 'reconnecting' || state === 'failed')) {
      next.reason = diagnosis.reason;
      next.message = diagnosis.message;
    }
    const previous = this.current;
    this.current = next;
    if (previous.state !== next.state || previous.reason !== next.reason || previous.restarts !== next.restarts) this.report(next);
  }
}
