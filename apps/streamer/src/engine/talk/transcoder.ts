/**
 * A viewer's voice for the camera's speaker: the browser's Opus RTP in, G.711 (8 kHz mono) out,
 * through one short-lived ffmpeg per talk. The engine sends the RTP packets to ffmpeg's loopback
 * UDP port (described by an SDP on fd 3) and reads the G.711 bytes from its stdout.
 */
import { createSocket, type Socket } from 'node:dgram';
import { buildPipeline } from '../ffmpeg/pipeline.ts';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/process.ts';
import type { G711 } from './backchannel.ts';

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

/** One running transcode. */
export class OpusToG711 {
  /** Where the G.711 bytes go; bytes before one is set are dropped (none come before packets). */
  onSamples: ((samples: Buffer) => void) | undefined;

  private constructor(
    private readonly proc: FfmpegProcess,
    private readonly socket: Socket,
    private readonly port: number,
    readonly codec: G711,
  ) {}

  /** False once ffmpeg has exited (a spare that died is not used). */
  get running(): boolean {
    return this.proc.pid !== undefined && !this.exited;
  }
  private exited = false;

  /**
   * Starts ffmpeg; `onSamples` (or the property set later) receives the G.711 bytes as ffmpeg
   * writes them. A transcoder may be started before anyone talks: ffmpeg then waits for packets.
   */
  static async start(ffmpegPath: string, codec: G711, onSamples?: (samples: Buffer) => void): Promise<OpusToG711> {
    const port = await freeUdpPort();
    const pipeline = buildPipeline(
      ffmpegPath,
      [{ target: 'pipe:3', list: opusSdp(port), options: ['-protocol_whitelist', 'pipe,udp,rtp', '-fflags', 'nobuffer', '-flags', 'low_delay', '-reorder_queue_size', '0', '-f', 'sdp'], encode: false }],
      [{ name: 'talk', input: 0, maps: ['0:a:0'], target: 'pipe:1', options: ['-ac', '1', '-ar', '8000', '-f', codec === 'PCMA' ? 'alaw' : 'mulaw', '-flush_packets', '1'] }],
    );
    const proc = spawnFfmpeg(pipeline, {}, 500);
    const socket = createSocket('udp4');
    socket.on('error', () => undefined);
    const transcoder = new OpusToG711(proc, socket, port, codec);
    void proc.exited.then(() => (transcoder.exited = true));
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
    this.socket.close();
    await this.proc.stop();
  }
}
