/** What a person can do about each reason a camera is not live (reasons: shared config schema). */
import type { CameraFailure } from '@vigil/shared/config';

/** The form field a failure most likely comes from, to put the message next to it. */
export type FailureField = 'url' | 'password' | 'device' | undefined;

const ADVICE: Record<CameraFailure, { advice: string; field: FailureField }> = {
  auth: {
    advice: 'Check the user name and password: they are the camera’s own (from its web page or app), not this computer’s. Many cameras lock the account after a few wrong tries, so Vigil does not retry by itself.',
    field: 'password',
  },
  unreachable: {
    advice: 'Check that the camera is powered and on this network, and that the address and port are right (RTSP usually uses port 554). Vigil keeps trying in the background.',
    field: 'url',
  },
  'bad-url': { advice: 'Copy the stream address from the camera’s manual or its RTSP settings page; it looks like rtsp://192.168.1.20:554/stream1.', field: 'url' },
  'unsupported-codec': {
    advice: 'Open the camera’s settings and set the video encoding (or the substream’s) to H.264. Browsers cannot play H.265 over WebRTC.',
    field: 'url',
  },
  'not-found': { advice: 'The camera answered, but there is no stream at this path. Check the part after the address (such as /stream1), or that the USB camera is plugged in.', field: 'url' },
  'no-video': { advice: 'This stream carries no video. Pick another stream or channel in the address.', field: 'url' },
  stalled: { advice: 'The camera stopped sending video. Vigil restarts it; if this keeps happening, check the network or lower the camera’s bitrate.', field: undefined },
  exited: { advice: 'The camera closed the stream. Vigil tries again in a moment.', field: undefined },
};

/** Advice for `reason`, in one or two sentences. */
export function adviceFor(reason: CameraFailure): string {
  return ADVICE[reason].advice;
}

/** The form field to highlight for `reason`. */
export function fieldFor(reason: CameraFailure): FailureField {
  return ADVICE[reason].field;
}
