/**
 * How a live session's picture travels, announced by the engine on the session's "events" data
 * channel. `webrtc`: the camera's packets as an RTP video track (the usual path). `mse`: the
 * browser's offer cannot carry the camera's codec as a track (a browser without H.264 over WebRTC,
 * or an H.265 camera), so the same packets, still copied, come as fragmented MP4 in binary
 * messages on the same channel, for the viewer to play with MediaSource. Binary messages are the
 * byte stream itself, in order (an init segment, then one moof + mdat per frame); each `live-path`
 * message of path `mse` starts a new stream (a camera restart may change the picture's size).
 * With the camera's sound the stream has a second track, Opus (`codecs="avc1…,opus"`, `audio`).
 */
import { z } from 'zod';

/** Why a session left WebRTC's video track. */
export const LivePathReason = z.enum([
  /** The browser's offer has no H.264 (e.g. Firefox before it downloaded its H.264 plugin). */
  'browser-lacks-h264',
  /** The camera sends H.265, which no browser takes over WebRTC. */
  'camera-h265',
]);
export type LivePathReason = z.infer<typeof LivePathReason>;

/** The `live-path` data-channel message. */
export const LivePathMessage = z.discriminatedUnion('path', [
  z.strictObject({ type: z.literal('live-path'), path: z.literal('webrtc') }),
  z.strictObject({
    type: z.literal('live-path'),
    path: z.literal('mse'),
    reason: LivePathReason,
    /** The MediaSource type of the stream, e.g. `video/mp4; codecs="avc1.42e01e"` or `…="avc1.42e01e,opus"`. */
    mime: z.string().max(100).regex(/^video\/mp4; codecs="[A-Za-z0-9.]+(,opus)?"$/),
    width: z.number().int().min(0).max(16_384),
    height: z.number().int().min(0).max(16_384),
    /** The stream carries the camera's sound (its Opus track); absent without sound. */
    audio: z.literal(true).optional(),
  }),
]);
export type LivePathMessage = z.infer<typeof LivePathMessage>;

/** The message in a data-channel text, or undefined when it is not a well-formed `live-path`. */
export function readLivePath(data: string): LivePathMessage | undefined {
  if (!data.includes('"live-path"')) return undefined;
  try {
    const parsed = LivePathMessage.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when an engine's answer sends the picture as a video track; false on the data-channel path
 * (its video section is inactive), which a page that only plays tracks cannot show.
 */
export function answerHasVideoTrack(sdp: string): boolean {
  const video = sdp.split(/^(?=m=)/m).find((section) => section.startsWith('m=video'));
  return video !== undefined && !/^a=inactive\s*$/m.test(video);
}

/** A sentence for the tile: which path the picture takes and why. */
export function describeLivePath(message: LivePathMessage): string {
  if (message.path === 'webrtc') return 'WebRTC video track';
  const codec = /hvc1|hev1/.test(message.mime) ? 'H.265' : 'H.264';
  return message.reason === 'camera-h265'
    ? `${codec} camera: played through the browser's media decoder`
    : `No H.264 over WebRTC in this browser: ${codec} played through its media decoder`;
}

/**
 * What the viewer tells a person whose browser cannot play a camera's stream of MediaSource type
 * `mime` (live on the data-channel path, or recorded): what is missing and what to do.
 */
export function unplayableSentence(mime: string, hasMediaSource: boolean): string {
  const codec = /hvc1|hev1/.test(mime) ? 'H.265 (HEVC)' : 'H.264';
  const missing = hasMediaSource ? "this browser's media decoder does not take it" : 'this browser has no MediaSource (Media Source Extensions)';
  const todo =
    codec === 'H.264'
      ? 'Open the viewer in Chromium, Chrome, Edge or Firefox, or let Firefox install its OpenH264 plugin.'
      : "Open the viewer in a browser that decodes H.265 (Firefox, Safari, or Chrome or Edge with the platform's HEVC decoder), or set the camera to send H.264.";
  return `The camera sends ${codec} and ${missing}. ${todo}`;
}
