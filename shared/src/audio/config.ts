/**
 * Per-camera sound: whether viewers may hear it live and whether recordings keep it, and what
 * the engine learnt about the camera's audio (its codec, and whether it is copied or encoded).
 * Both switches default to on; recording sound can be turned off where recording conversations
 * is forbidden.
 */
import { z } from 'zod';

export const CameraAudio = z.strictObject({
  /** Send the camera's sound to viewers (Opus over WebRTC); default on. */
  live: z.boolean().default(true),
  /**
   * Keep the sound in recordings (AAC in the MP4 segments); default on. Some places forbid
   * recording conversations: the UI says so beside this switch.
   */
  record: z.boolean().default(true),
});
export type CameraAudio = z.infer<typeof CameraAudio>;
export type CameraAudioInput = z.input<typeof CameraAudio>;

/** How one output gets the camera's sound: copied, encoded once, or not at all. */
export const AudioHandling = z.enum(['copy', 'encode', 'off']);
export type AudioHandling = z.infer<typeof AudioHandling>;

/** What the engine knows of a camera's sound, learnt from ffmpeg's listing of its input. */
export const CameraAudioState = z.strictObject({
  /** The camera's audio codec as ffmpeg names it (aac, pcm_alaw, opus …); absent: no sound. */
  codec: z.string().max(40).optional(),
  /** Opus for live viewers. */
  live: AudioHandling,
  /** AAC in recordings. */
  record: AudioHandling,
  /** A sentence for the UI when the sound cannot be used (video goes on). */
  message: z.string().max(300).optional(),
});
export type CameraAudioState = z.infer<typeof CameraAudioState>;
