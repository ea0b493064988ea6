/**
 * A viewer's voice for a speaker: the browser's Opus RTP in, through one short-lived ffmpeg per
 * talk. The engine sends the RTP packets to ffmpeg's loopback UDP port (described by an SDP on
 * fd 3); ffmpeg either writes G.711 (8 kHz mono) on its stdout for a camera's backchannel, or
 * plays the voice on one of the streamer PC's audio outputs (speaker.ts).
 */
import { createSocket, type Socket } from 'node:dgram';
import { buildPipeline } from '../ffmpeg/pipeline.ts';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/process.ts';
import type { G711 } from './backchannel.ts';
import { speakerOutput } from './speaker.ts';

/** Where a transcoder's sound goes: G.711 bytes for a camera's backchannel, or a PC speaker. */
export type TalkOutput = { kind: 'g711'; codec: G711 } | { kind: 'speaker'; device: string };

/** How many of ffmpeg's last stderr lines are kept to say why it stopped. */
const KEPT_LINES = 12;

/** The payload type and clock of the browser's Opus (the session's negotiated type is rewritten to it). */
const OPUS_PAYLOAD_TYPE = 111;

/** The SDP that tells ffmpeg where the Opus RTP arrives. */
export function opusSdp(port: number): string {
  return ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=talk', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP ${OPUS_PAYLOAD_TYPE}`, `a=rtpmap:${OPUS_PAYLOAD_TYPE} opus/48000/2`, ''].join('\r\n');
}

/** A free loopback UDP port (bound once and released; ffmpeg binds it right after). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

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

  private constructor(
    private readonly proc: FfmpegProcess,
    private readonly socket: Socket,
    private readonly port: number,
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
    const port = await freeUdpPort();
    const pipeline = buildPipeline(
      ffmpegPath,
      [{ target: 'pipe:3', list: opusSdp(port), options: ['-protocol_whitelist', 'pipe,udp,rtp', '-fflags', 'nobuffer', '-flags', 'low_delay', '-reorder_queue_size', '0', '-f', 'sdp'], encode: false }],
      [{ input: 0, maps: ['0:a:0'], ...sink }],
    );
    const lines: string[] = [];
    const proc = spawnFfmpeg(pipeline, { onLine: (line) => lines.push(line) > KEPT_LINES && lines.shift() }, 500);
    const socket = createSocket('udp4');
    socket.on('error', () => undefined);
    const transcoder = new TalkTranscoder(proc, socket, port, output);
    void proc.exited.then(() => {
      transcoder.exited = true;
      if (!transcoder.stopping) transcoder.onFailure?.(lines);
    });
    transcoder.onSamples = onSamples;
    proc.stdout?.on('data', (samples: Buffer) => transcoder.onSamples?.(samples));
    return transcoder;
  }

  /** Forwards one RTP packet of the viewer's voice (its payload type set to the SDP's). */
  push(packet: Buffer): void {
    const copy = Buffer.from(packet);
    copy[1] = (copy[1]! & 0x80) | OPUS_PAYLOAD_TYPE;
    this.socket.send(copy, this.port, '127.0.0.1');
  }

  /** Stops ffmpeg. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.socket.close();
    await this.proc.stop();
  }
}
