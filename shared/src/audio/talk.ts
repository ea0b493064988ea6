/**
 * Talk back: what a viewer hears about its push-to-talk (over the live session's data channel)
 * and what the streamer UI hears about who is talking (an engine event).
 */
import { z } from 'zod';

/** Data-channel event to the viewer about its talking. */
export const TalkNotice = z.strictObject({
  type: z.literal('talk'),
  /** talking: the camera's speaker plays it; refused: not forwarded (reason says why); ended: stopped. */
  state: z.enum(['talking', 'refused', 'ended']),
  reason: z.string().max(300).optional(),
});
export type TalkNotice = z.infer<typeof TalkNotice>;

/** Reads a data-channel message as a talk notice; undefined for anything else. */
export function readTalkNotice(data: string): TalkNotice | undefined {
  if (!data.includes('"talk"')) return undefined;
  try {
    const parsed = TalkNotice.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Someone started or stopped talking through a camera (engine event for the streamer UI). */
export const TalkActivity = z.strictObject({
  camera: z.string(),
  viewer: z.string(),
  /** The viewer's name as paired. */
  viewerName: z.string(),
  talking: z.boolean(),
  /** The voice plays on the streamer computer's own speaker (the camera has none). */
  onComputer: z.literal(true).optional(),
});
export type TalkActivity = z.infer<typeof TalkActivity>;
