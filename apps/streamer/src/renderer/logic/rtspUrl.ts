/**
 * RTSP addresses as a person types them: checked before anything is sent, with a sentence that
 * says what is wrong, and camera credentials typed in their own fields merged into the URL.
 */

const SCHEME = /^rtsps?:\/\//i;
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/i;

/** The parts of an RTSP URL the form cares about. */
export interface RtspParts {
  scheme: string;
  user?: string;
  password?: string;
  /** host[:port]/path… without the credentials. */
  rest: string;
}

/** Splits `url` into scheme, credentials and the rest; undefined when it is not rtsp(s)://. */
export function splitRtspUrl(url: string): RtspParts | undefined {
  const match = /^(rtsps?:\/\/)(?:([^@/\s]*)@)?(.*)$/i.exec(url.trim());
  if (!match) return undefined;
  const [, scheme, auth, rest] = match;
  if (auth === undefined) return { scheme: scheme!, rest: rest! };
  const colon = auth.indexOf(':');
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return colon < 0
    ? { scheme: scheme!, user: decode(auth), rest: rest! }
    : { scheme: scheme!, user: decode(auth.slice(0, colon)), password: decode(auth.slice(colon + 1)), rest: rest! };
}

/**
 * Why `url` is not a usable camera address, or undefined when it is. `label` names the field in
 * the sentence ("The address", "The substream address").
 */
export function rtspUrlProblem(url: string, label = 'The address'): string | undefined {
  const text = url.trim();
  if (text === '') return `${label} is empty: enter the camera's stream address, e.g. rtsp://192.168.1.20:554/stream1.`;
  if (/\s/.test(text)) return `${label} cannot contain spaces.`;
  if (/^https?:\/\//i.test(text)) return `${label} is a web page address. Cameras stream at an rtsp:// address: look for "RTSP" in the camera's manual or settings.`;
  if (!SCHEME.test(text)) return `${label} must start with rtsp:// (for example rtsp://192.168.1.20:554/stream1).`;
  if (text.length > 2048) return `${label} is too long.`;
  const parts = splitRtspUrl(text);
  const authority = parts?.rest.split(/[/?#]/, 1)[0] ?? '';
  if (authority === '') return `${label} has no camera host after rtsp://, e.g. rtsp://192.168.1.20/stream1.`;
  let host = authority;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (close < 0 || (after !== '' && !after.startsWith(':'))) return `${label} has an invalid host "${authority}".`;
    if (after !== '') portText = after.slice(1);
  } else if (authority.includes(':')) {
    host = authority.slice(0, authority.lastIndexOf(':'));
    portText = authority.slice(authority.lastIndexOf(':') + 1);
  }
  if (!HOST.test(host)) return `${label} has an invalid host "${host}": use the camera's IP address or name.`;
  if (portText === '') return `${label} ends its host with ":" but no port number.`;
  if (portText !== undefined && (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)) {
    return `${label} has an invalid port "${portText}": use a number from 1 to 65535 (RTSP's usual port is 554).`;
  }
  return undefined;
}

/**
 * The URL with `user`/`password` put in (percent-encoded). Empty fields keep whatever credentials
 * the URL itself carries, so a pasted rtsp://user:pass@host URL works as is.
 */
export function withCredentials(url: string, user: string, password: string): string {
  const parts = splitRtspUrl(url);
  if (!parts || (user === '' && password === '')) return url.trim();
  const auth = encodeURIComponent(user) + (password === '' ? '' : `:${encodeURIComponent(password)}`);
  return `${parts.scheme}${auth}@${parts.rest}`;
}

/** The URL without any credentials (for display next to separate user/password fields). */
export function withoutCredentials(url: string): string {
  const parts = splitRtspUrl(url);
  return parts ? parts.scheme + parts.rest : url;
}
