/**
 * A viewer's voice for a speaker: the browser's Opus RTP in, through one short-lived ffmpeg per
 * talk. The engine writes the packets' Opus to ffmpeg's stdin as an Ogg stream (ogg.ts: no port
 * to collide with, nothing lost while ffmpeg starts); ffmpeg either writes G.711 (8 kHz mono) on
 * its stdout for a camera's backchannel, or plays the voice on one of the streamer PC's audio
 * outputs (speaker.ts).
 */
import { randomBytes } from 'node:crypto';
import { buildPipeline } from '../ffmpeg/pipeline.ts';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/process.ts';
import type { G711 } from './backchannel.ts';
import { parseRtp, rtpPayload } from '../live/rtp.ts';
import { OggOpusWriter } from './ogg.ts';
import { speakerOutput } from './speaker.ts';

/** Where a transcoder's sound goes: G.711 bytes for a camera's backchannel, or a PC speaker. */
export type TalkOutput = { kind: 'g711'; codec: G711 } | { kind: 'speaker'; device: string };

/** How many of ffmpeg's last stderr lines are kept to say why it stopped. */
const KEPT_LINES = 12;

/**
 * ffmpeg's input options: Ogg from stdin, read as it comes. The Ogg headers say all there is to
 * know, so nothing is buffered to analyse the stream.
 */
const OGG_INPUT = ['-f', 'ogg', '-probesize', '32', '-analyzeduration', '0', '-fflags', 'nobuffer', '-flags', 'low_delay'];

/** True when two outputs are the same (a transcoder started ahead fits the talk). */
export function sameOutput(a: TalkOutput, b: TalkOutput): boolean {
  return a.kind === 'g711' ? b.kind === 'g711' && a.codec === b.codec : b.kind === 'speaker' && a.device === b.device;
}

/** One running transcode. */
export class TalkTranscoder {
  /** Where the G.711 bytes go; bytes before one is set are dropped (none come before packets). */
  onSamples: ((samples: Buffer) => void) | undefined;
  /**
   * Called once when ffmpeg stops by itself (not through stop()) with its last stderr lines:
   * a speaker that cannot be opened ends ffmpeg as soon as the first packets arrive.
   */
  onFailure: ((lines: string[]) => void) | undefined;

  /** The Ogg stream on ffmpeg's stdin; its headers go out with the first packet. */
  private readonly ogg = new OggOpusWriter(randomBytes(4).readUInt32LE());
  private started = false;

  private constructor(
    private readonly proc: FfmpegProcess,
    readonly output: TalkOutput,
  ) {}

  /** False once ffmpeg has exited (a spare that died is not used). */
  get running(): boolean {
    return this.proc.pid !== undefined && !this.exited;
  }
  private exited = false;
  private stopping = false;

  /**
   * Starts ffmpeg; for G.711, `onSamples` (or the property set later) receives the bytes as ffmpeg
   * writes them. A transcoder may be started before anyone talks: ffmpeg then waits for packets
   * (and opens a speaker only once they come). Throws when the output cannot exist here (a
   * speaker on Windows).
   */
  static async start(ffmpegPath: string, output: TalkOutput, onSamples?: (samples: Buffer) => void): Promise<TalkTranscoder> {
    const sink =
      output.kind === 'g711'
        ? { name: 'talk' as const, target: 'pipe:1', options: ['-ac', '1', '-ar', '8000', '-f', output.codec === 'PCMA' ? 'alaw' : 'mulaw', '-flush_packets', '1'] }
        : { name: 'speaker' as const, ...speakerOutput(output.device) };
    const pipeline = buildPipeline(ffmpegPath, [{ target: 'pipe:0', options: OGG_INPUT, encode: false }], [{ input: 0, maps: ['0:a:0'], ...sink }]);
    const lines: string[] = [];
    // No grace at stop: SIGTERM would have ffmpeg drain the output (ALSA plays out its whole
    // buffer, up to 2.7 s), and a talk that ends, above all one revoked, must fall silent now.
    const proc = spawnFfmpeg(pipeline, { onLine: (line) => lines.push(line) > KEPT_LINES && lines.shift() }, 0);
    const transcoder = new TalkTranscoder(proc, output);
    void proc.exited.then(() => {
      transcoder.exited = true;
      if (!transcoder.stopping) transcoder.onFailure?.(lines);
    });
    transcoder.onSamples = onSamples;
    proc.stdout?.on('data', (samples: Buffer) => transcoder.onSamples?.(samples));
    return transcoder;
  }

  /** Forwards one RTP packet of the viewer's voice; a packet that is not RTP, or empty, is skipped. */
  push(packet: Buffer): void {
    const rtp = parseRtp(packet);
    if (!rtp || !this.running) return;
    const opus = rtpPayload(packet, rtp);
    const stdin = this.proc.stdin!;
    if (!this.started) {
      this.started = true;
      stdin.write(this.ogg.headers());
    }
    stdin.write(this.ogg.packet(opus));
  }

  /** Stops ffmpeg at once (SIGKILL): what it still held is not played. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.proc.stop();
    this.proc.stdin?.destroy();
  }
}
