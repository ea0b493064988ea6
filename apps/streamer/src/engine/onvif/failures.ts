/** Why an ONVIF call failed, in a code for programs and a sentence for the form (never credentials). */
import type { OnvifProblem } from '@vigil/shared/onvif';

/** What the `onvif` package and Node hand back when a call fails. */
export type Failure = Error & { code?: string; xml?: string };

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'Nothing answers at this address: the camera refused the connection. Check the address and port (ONVIF usually uses port 80, some cameras 8000, 8080 or 2020).',
  EHOSTUNREACH: 'The camera cannot be reached: no route to this address. Check that it is powered and on this network.',
  ENETUNREACH: 'The camera cannot be reached: this computer has no route to that network.',
  EHOSTDOWN: 'The camera cannot be reached: it does not answer on the network. Check that it is powered.',
  ENOTFOUND: 'No device has this name on the network. Use the camera’s IP address instead.',
  EAI_AGAIN: 'The camera’s name could not be looked up. Use its IP address instead.',
  ECONNRESET: 'The camera closed the connection. Check the address and port.',
  ETIMEDOUT: 'The camera does not answer (timed out). Check that it is powered and on this network.',
};

/** Maps a failure onto an OnvifProblem and its sentence. */
export function classifyFailure(error: Failure): { problem: OnvifProblem; message: string } {
  const text = `${error.message ?? ''} ${error.xml ?? ''}`.toLowerCase();
  if (/notauthorized|not authorized|unauthorized|authentication failed|authority failure/.test(text)) {
    return { problem: 'auth', message: 'The camera refused the credentials. Check the user name and password: they are the camera’s own, from its web page or app.' };
  }
  const code = error.code && UNREACHABLE[error.code] ? error.code : /network timeout|timed out/.test(text) ? 'ETIMEDOUT' : undefined;
  if (code) return { problem: 'unreachable', message: UNREACHABLE[code]! };
  if (/wrong onvif soap response|non-whitespace before first tag|unexpected close tag|invalid character/.test(text)) {
    return { problem: 'not-onvif', message: 'Something answers at this address, but it does not speak ONVIF. Check the address, or add the camera by its RTSP address instead.' };
  }
  // The package reading a reply it did not expect: not a message for people.
  if (error instanceof TypeError) return { problem: 'device-error', message: 'The camera’s answer could not be understood. Check for a firmware update, or add it by its RTSP address.' };
  const fault = /onvif soap fault: ([\s\S]*)/i.exec(error.message ?? '')?.[1]?.trim();
  const detail = (fault ?? error.message ?? 'unknown error').replace(/\s+/g, ' ').slice(0, 200);
  return { problem: 'device-error', message: `The camera could not answer: ${detail}` };
}
