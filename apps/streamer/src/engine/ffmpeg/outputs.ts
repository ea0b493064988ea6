/**
 * Named outputs of a camera's ffmpeg process. `live` sends H.264 RTP to the engine's loopback
 * port: copied from an H.264 camera, or encoded once (constrained baseline, 1 s GOP, SPS/PPS before
 * every IDR) so every viewer can start at any keyframe and Chromium decodes it in hardware or
 * software alike.
 */
import type { OutputName, PipelineOutput } from './pipeline.ts';
import { recordSlave, teePath, teeValue, type RecordTarget } from './record.ts';
import { aacArgs } from './audio.ts';

/** RTP payload type ffmpeg stamps; each session rewrites it to what its browser negotiated. */
export const LIVE_PAYLOAD_TYPE = 96;
/**
 * RTP packet size: WebRTC's usual 1200 bytes, which with SRTP's tag, UDP and IP headers stays
 * well under a VPN's or PPPoE link's MTU, so no path fragments it.
 */
export const LIVE_PACKET_SIZE = 1200;

/** How the live output gets its H.264. */
export interface LiveEncoding {
  /** False: copy the camera's H.264 packets untouched. */
  encode: boolean;
  /** Frames per second of the source, for a GOP of about one second; unknown for RTSP. */
  fps?: number;
  /**
   * The wall clock (µs since 1970) ffmpeg's RTCP sender reports map pts 0 to; given to the audio
   * output too, so both streams' reports share one timeline (lip sync). Unset: ffmpeg's default.
   */
  clockUs?: number;
}

/** The encoder arguments for one libx264 encode that every viewer shares. */
export function h264EncodeArgs(fps?: number): string[] {
  // Known rate: a GOP of exactly one second of frames. Unknown (a transcoded camera): a keyframe
  // every second of stream time.
  const gop = fps ? ['-g', String(Math.max(1, Math.round(fps)))] : ['-force_key_frames', 'expr:gte(t,n_forced*1)'];
  return [
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
    '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    ...gop, '-sc_threshold', '0', '-bf', '0',
    // In-band SPS/PPS before every IDR, so a viewer joining at any keyframe can decode it.
    '-x264-params', 'repeat-headers=1',
  ];
}

/** Arguments that copy the camera's H.264 and repeat its parameter sets before keyframes. */
export function h264CopyArgs(): string[] {
  // Cameras often send SPS/PPS only in the SDP; dump_extra puts them in-band before every keyframe.
  return ['-c:v', 'copy', '-bsf:v', 'dump_extra=freq=keyframe'];
}

/**
 * The `live` (or `live-sub`) output: H.264 RTP to the engine's loopback UDP port. With a record
 * target the same stream also goes to the segment muxer through ffmpeg's tee muxer, so one encode
 * (or one copy) feeds both and the process carries the `record` output too.
 */
export function liveOutput(port: number, input: number, encoding: LiveEncoding, name: OutputName = 'live', record?: RecordTarget): PipelineOutput {
  const codec = encoding.encode ? h264EncodeArgs(encoding.fps) : h264CopyArgs();
  // RTCP goes to the same port (the engine reads its sender reports for lip sync), so no second socket is needed.
  const target = `rtp://127.0.0.1:${port}?pkt_size=${LIVE_PACKET_SIZE}&rtcpport=${port}`;
  const clock = encoding.clockUs === undefined ? [] : ['-start_time_realtime', String(encoding.clockUs)];
  if (!record) {
    return {
      name,
      input,
      target,
      options: ['-an', '-sn', '-dn', ...codec, '-payload_type', String(LIVE_PAYLOAD_TYPE), ...clock, '-flush_packets', '1', '-f', 'rtp'],
    };
  }
  // MP4 needs the parameter sets as extradata; libx264 only fills it with a global header, and
  // repeat-headers still puts them in-band for viewers joining at a keyframe.
  const globalHeader = encoding.encode ? ['-flags', '+global_header'] : [];
  // With recorded sound the tee output also carries the camera's audio (AAC), which only the
  // record slave takes: the RTP slave selects the video.
  const audio = record.audio !== undefined && record.audio !== 'off';
  const clockOption = encoding.clockUs === undefined ? '' : `:start_time_realtime=${encoding.clockUs}`;
  const live = `[f=rtp:payload_type=${LIVE_PAYLOAD_TYPE}${audio ? `:select=${teeValue('v')}` : ''}${clockOption}:onfail=abort]${teePath(target)}`;
  return {
    name,
    input,
    maps: audio ? [`${input}:v:0`, `${record.audioInput ?? input}:a:0`] : undefined,
    target: `${live}|${recordSlave(record)}`,
    options: [...(audio ? aacArgs(record.audio!) : ['-an']), '-sn', '-dn', ...codec, ...globalHeader, '-flush_packets', '1', '-f', 'tee'],
    carries: ['record'],
  };
}

/** Size and rate of the motion output's frames. */
export interface MotionFrames {
  width: number;
  height: number;
  fps: number;
}

/**
 * The `motion` output: small 8-bit gray frames, back to back on ffmpeg's stdout, for the motion
 * worker. Decoding a copied H.264 camera here is the price of motion detection; the live and
 * record outputs still copy its packets.
 */
export function motionOutput(input: number, frames: MotionFrames): PipelineOutput {
  return {
    name: 'motion',
    input,
    target: 'pipe:1',
    options: ['-an', '-sn', '-dn', '-vf', `fps=${frames.fps},scale=${frames.width}:${frames.height}`, '-pix_fmt', 'gray', '-f', 'rawvideo'],
  };
}
