/**
 * The camera's sound in its one ffmpeg: what to do with each audio codec, and the outputs that
 * carry it. Live viewers get Opus (copied when the camera sends Opus, else encoded once and fanned
 * out like video); recordings get AAC (copied when the camera sends AAC, else encoded once). A
 * codec ffmpeg cannot decode is reported in words and the video goes on without sound.
 */
import type { AudioHandling, CameraAudio, CameraAudioState } from '@vigil/shared/audio';
import type { PipelineOutput } from './pipeline.ts';

/** RTP payload type ffmpeg stamps on Opus; each session rewrites it to what its browser negotiated. */
export const AUDIO_PAYLOAD_TYPE = 111;
/** Opus's RTP clock (RFC 7587: always 48 kHz, whatever the sample rate inside). */
export const OPUS_CLOCK_RATE = 48_000;
/** Opus bitrate for a camera microphone: speech and a dog barking, mono. */
export const OPUS_BITRATE = '32k';
/** AAC bitrate when a camera's G.711 or Opus is encoded for recordings. */
export const AAC_BITRATE = '64k';

/** The codec of the first audio stream of an input if this line of ffmpeg's listing announces it. */
export function inputAudioCodecOf(line: string): string | undefined {
  const match = /^\s*Stream #\d+:\d+[^:]*: Audio: ([a-z0-9_]+)/i.exec(line);
  return match?.[1]?.toLowerCase();
}

/** Codecs ffmpeg lists but cannot decode here (no decoder, or the camera's stream is unknown). */
const UNUSABLE = new Set(['none', 'unknown']);

/** How the live and record outputs handle a camera's audio codec, given the camera's switches. */
export function audioPlan(codec: string | undefined, settings: Partial<CameraAudio> = {}): CameraAudioState {
  if (codec === undefined) return { live: 'off', record: 'off' };
  if (UNUSABLE.has(codec)) {
    return { codec, live: 'off', record: 'off', message: `The camera's sound (${codec}) cannot be decoded, so it is left out; video goes on.` };
  }
  const live: AudioHandling = settings.live === false ? 'off' : codec === 'opus' ? 'copy' : 'encode';
  const record: AudioHandling = settings.record === false ? 'off' : codec === 'aac' ? 'copy' : 'encode';
  return { codec, live, record };
}

/** Arguments that give an output Opus for WebRTC: copied, or one mono 48 kHz encode. */
export function opusArgs(handling: AudioHandling): string[] {
  if (handling === 'copy') return ['-c:a', 'copy'];
  // 20 ms frames (WebRTC's usual packet time); lowdelay skips the speech/music analysis lookahead.
  return ['-c:a', 'libopus', '-ar', '48000', '-ac', '1', '-b:a', OPUS_BITRATE, '-frame_duration', '20', '-application', 'lowdelay'];
}

/** Arguments that give the recording AAC: copied, or one mono encode. */
export function aacArgs(handling: AudioHandling): string[] {
  if (handling === 'copy') return ['-c:a', 'copy'];
  return ['-c:a', 'aac', '-ac', '1', '-b:a', AAC_BITRATE];
}

/**
 * The `live-audio` output: Opus RTP to the engine's loopback audio port. `startRealtimeUs` is the
 * wall clock ffmpeg maps pts 0 to in its RTCP sender reports; the video output gets the same
 * value, so the engine reads one timeline from both streams' reports (lip sync, see live/sync.ts).
 */
export function liveAudioOutput(port: number, input: number, handling: AudioHandling, startRealtimeUs: number): PipelineOutput {
  const target = `rtp://127.0.0.1:${port}?pkt_size=1200&rtcpport=${port}`;
  return {
    name: 'live-audio',
    input,
    maps: [`${input}:a:0`],
    target,
    options: ['-vn', '-sn', '-dn', ...opusArgs(handling), '-payload_type', String(AUDIO_PAYLOAD_TYPE), '-start_time_realtime', String(startRealtimeUs), '-flush_packets', '1', '-f', 'rtp'],
  };
}
