/**
 * The camera's speaker: the ONVIF audio backchannel over RTSP (ONVIF Streaming Specification
 * §5.3, as go2rtc uses it). DESCRIBE with `Require: www.onvif.org/ver20/backchannel` makes a camera
 * that has one list an extra audio section marked `a=sendonly` (the camera only receives on it);
 * SETUP that section interleaved over the RTSP connection, PLAY, then send G.711 RTP on it.
 *
 *   open ──DESCRIBE (Require)──► SDP has a sendonly audio section? ──no──► "no backchannel" error
 *        ──SETUP interleaved=0-1──► PLAY ──► send(G.711 bytes) … (OPTIONS keep-alive) ──close()──► TEARDOWN
 */
import { randomBytes } from 'node:crypto';
import { RtspClient, RtspError, type RtspClientOptions } from './rtsp-client.ts';

/** The G.711 flavour the camera takes. */
export type G711 = 'PCMA' | 'PCMU';

/** 20 ms of G.711 at 8 kHz: one RTP packet. */
export const G711_PACKET_BYTES = 160;
/** How often the connection is kept alive while open; default 20 s (cameras time out after 60 s). */
export const KEEPALIVE_MS = 20_000;

const NO_BACKCHANNEL = 'this camera has no audio backchannel (ONVIF) for talking';

/** The backchannel section of a camera's SDP. */
export interface BackchannelTrack {
  control: string;
  codec: G711;
  payloadType: number;
}

/** Finds the section a client sends to (a=sendonly audio with PCMA or PCMU); undefined when none. */
export function findBackchannel(sdp: string, base: string): BackchannelTrack | undefined {
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const lines = section.split(/\r?\n/);
    if (!lines[0]!.startsWith('audio') || !lines.includes('a=sendonly')) continue;
    const payloads = lines[0]!.split(' ').slice(3).map(Number);
    for (const payloadType of payloads) {
      const rtpmap = lines.find((line) => line.startsWith(`a=rtpmap:${payloadType} `))?.split(' ')[1]?.toUpperCase();
      const codec = rtpmap?.startsWith('PCMA/8000') || (!rtpmap && payloadType === 8) ? 'PCMA' : rtpmap?.startsWith('PCMU/8000') || (!rtpmap && payloadType === 0) ? 'PCMU' : undefined;
      if (!codec) continue;
      const control = lines.find((line) => line.startsWith('a=control:'))?.slice('a=control:'.length) ?? '';
      return { control: /^rtsps?:\/\//i.test(control) ? control : `${base.replace(/\/?$/, '/')}${control}`, codec, payloadType };
    }
  }
  return undefined;
}

/** An open backchannel: G.711 bytes in, RTP to the camera's speaker. */
export class Backchannel {
  private sequence = randomBytes(2).readUInt16BE();
  private timestamp = randomBytes(4).readUInt32BE();
  private readonly ssrc = randomBytes(4).readUInt32BE();
  private pending: Buffer = Buffer.alloc(0);
  private keepalive: NodeJS.Timeout | undefined;

  private constructor(
    private readonly client: RtspClient,
    readonly track: BackchannelTrack,
    private readonly session: string,
  ) {
    this.keepalive = setInterval(() => void client.request('OPTIONS', client.url, { Session: session }).catch(() => undefined), KEEPALIVE_MS);
  }

  /** Connects to the camera's backchannel; rejects with a sentence when it has none. */
  static async open(url: string, options: RtspClientOptions = {}): Promise<Backchannel> {
    const client = new RtspClient(url, options);
    try {
      await client.open();
      const described = await client.request('DESCRIBE', client.url, { Accept: 'application/sdp', Require: 'www.onvif.org/ver20/backchannel' });
      const track = findBackchannel(described.body, described.headers.get('content-base') ?? client.url);
      if (!track) throw new Error(NO_BACKCHANNEL);
      const setup = await client.request('SETUP', track.control, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1', Require: 'www.onvif.org/ver20/backchannel' });
      const session = (setup.headers.get('session') ?? '').split(';')[0]!;
      await client.request('PLAY', client.url, { Session: session, Require: 'www.onvif.org/ver20/backchannel' });
      return new Backchannel(client, track, session);
    } catch (error) {
      client.close();
      // 551 Option not supported: the camera does not know the ONVIF backchannel at all.
      if (error instanceof RtspError && error.status === 551) throw new Error(NO_BACKCHANNEL, { cause: error });
      throw error;
    }
  }

  /** Sends G.711 bytes (of the track's codec) as 20 ms RTP packets; a remainder waits for more. */
  send(samples: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, samples]) : samples;
    while (this.pending.length >= G711_PACKET_BYTES) {
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = this.track.payloadType & 0x7f;
      header.writeUInt16BE(this.sequence, 2);
      header.writeUInt32BE(this.timestamp, 4);
      header.writeUInt32BE(this.ssrc, 8);
      this.client.interleave(0, Buffer.concat([header, this.pending.subarray(0, G711_PACKET_BYTES)]));
      this.sequence = (this.sequence + 1) & 0xffff;
      this.timestamp = (this.timestamp + G711_PACKET_BYTES) >>> 0;
      this.pending = this.pending.subarray(G711_PACKET_BYTES);
    }
  }

  /** Ends the backchannel (TEARDOWN, then the connection). */
  async close(): Promise<void> {
    clearInterval(this.keepalive);
    await this.client.request('TEARDOWN', this.client.url, { Session: this.session }).catch(() => undefined);
    this.client.close();
  }
}
