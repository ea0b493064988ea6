/**
 * Asks one ONVIF device, with its credentials, for what it is and what it streams, using the
 * `onvif` package (WS-UsernameToken PasswordDigest, or HTTP digest where the device asks for it).
 *
 * The calls, in the order ONVIF Core §5.9 needs them:
 *   GetSystemDateAndTime (no auth: the device clock, for the token's Created time)
 *   GetServices, or GetCapabilities on older devices (where the media service lives)
 *   GetDeviceInformation (the first authenticated call: wrong credentials show here)
 *   GetProfiles, then GetStreamUri (RTSP) for each profile
 * The package's connect() is not used: it hides a refused GetProfiles behind an empty list and
 * can throw from a socket callback on unusual profiles.
 */
import onvif from 'onvif';
import type { Cam as CamType, CamOptions } from 'onvif';
import type { DeviceInfo, OnvifProfile, ProfilesResult } from '@vigil/shared/onvif';
import { pickStreams } from '@vigil/shared/onvif';
import { classifyFailure, type Failure } from './failures.ts';
import { escapeXml } from './ws-discovery.ts';

const { Cam } = onvif;

export interface DeviceQuery {
  /** The device service URL (http(s)://host[:port]/path). */
  url: string;
  user: string;
  password: string;
  /** Per request: connection and reply (ms). */
  timeoutMs: number;
}

/** Device information and profiles, or why not. Credentials never leave this function in logs. */
export async function queryDevice(query: DeviceQuery): Promise<ProfilesResult> {
  const url = new URL(query.url);
  const secure = url.protocol === 'https:';
  const options: CamOptions = {
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    path: url.pathname + url.search,
    useSecure: secure,
    // Cameras on a LAN use self-made certificates; the credentials are digested, never sent.
    secureOpts: { rejectUnauthorized: false },
    timeout: query.timeoutMs,
    autoconnect: false,
    // Reach every service through the address we used: cameras behind NAT report inner ones.
    preserveAddress: true,
    // The package puts the user name into the XML as is.
    ...(query.user ? { username: escapeXml(query.user), password: query.password } : {}),
  };
  const cam = new Cam(options);
  cam.on('warning', () => undefined);
  try {
    await call(cam, (cb) => cam.getSystemDateAndTime(cb));
    try {
      await call(cam, (cb) => cam.getServices(true, cb));
    } catch (error) {
      // Devices older than GetServices answer with a fault or an error page: ask the old way.
      if (['auth', 'unreachable'].includes(classifyFailure(error as Failure).problem)) throw error;
      await call(cam, (cb) => cam.getCapabilities(cb));
    }
    const info = (await call(cam, (cb) => cam.getDeviceInformation(cb))) as Record<string, unknown> | undefined;
    // The package cannot read an empty GetProfilesResponse (it throws a TypeError): no profiles.
    const raw = (await call(cam, (cb) => cam.getProfiles(cb)).catch((error: unknown) => {
      if (error instanceof TypeError) return [];
      throw error;
    })) as RawProfile[] | undefined;
    const profiles: OnvifProfile[] = [];
    for (const profile of raw ?? []) profiles.push(await describeProfile(cam, profile, query));
    if (profiles.length === 0) return { ok: false, problem: 'no-profiles', message: 'The camera answered but offers no video profiles. Check its video settings in its web page.' };
    const { main, sub } = pickStreams(profiles);
    return { ok: true, device: deviceInfo(info), profiles, ...(main ? { main: main.token } : {}), ...(sub ? { sub: sub.token } : {}) };
  } catch (error) {
    const { problem, message } = classifyFailure(error as Failure);
    return { ok: false, problem, message };
  }
}

/** A profile as the package parses it (Media1 shape; Media2 replies are converted to it). */
interface RawProfile {
  $?: { token?: unknown };
  name?: unknown;
  videoEncoderConfiguration?: {
    encoding?: unknown;
    resolution?: { width?: unknown; height?: unknown };
    rateControl?: { frameRateLimit?: unknown; bitrateLimit?: unknown };
  };
}

async function describeProfile(cam: CamType, profile: RawProfile, query: DeviceQuery): Promise<OnvifProfile> {
  const token = str(profile.$?.token) ?? '';
  const encoder = profile.videoEncoderConfiguration;
  const codec = (str(encoder?.encoding) ?? 'none').toUpperCase().replace('.', '');
  const base = {
    token,
    name: str(profile.name) ?? token,
    codec,
    width: int(encoder?.resolution?.width),
    height: int(encoder?.resolution?.height),
    ...(num(encoder?.rateControl?.frameRateLimit) !== undefined ? { fps: num(encoder?.rateControl?.frameRateLimit) } : {}),
    ...(num(encoder?.rateControl?.bitrateLimit) !== undefined ? { bitrateKbps: num(encoder?.rateControl?.bitrateLimit) } : {}),
  };
  if (!encoder) return { ...base, usable: false, note: 'This profile has no video.' };
  let uri: string | undefined;
  try {
    const stream = (await call(cam, (cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb))) as { uri?: unknown } | undefined;
    uri = str(stream?.uri);
  } catch (error) {
    return { ...base, usable: false, note: `The camera gave no stream address: ${classifyFailure(error as Failure).message}` };
  }
  if (!uri || !/^rtsps?:\/\/[^/\s]+/i.test(uri)) return { ...base, usable: false, note: 'The camera gave no RTSP address for this profile.' };
  const plain = withoutCredentials(uri);
  const withUri = { ...base, uri: plain, configUrl: withCredentials(plain, query.user, query.password) };
  // The engine copies H.264 and H.265 and re-encodes intra formats once (see ffmpeg/diagnose.ts).
  if (codec === 'H264') return { ...withUri, usable: true };
  if (codec === 'H265') return { ...withUri, usable: true, note: H265_NOTE };
  if (codec === 'JPEG' || codec === 'MJPEG' || codec === 'MPEG4') {
    return { ...withUri, usable: true, note: `${codec}: Vigil re-encodes it to H.264, which costs this computer work. An H.264 profile is better.` };
  }
  return { ...withUri, usable: false, note: `${codec}: not a format Vigil can stream. Set this profile to H.264 in the camera’s web page to use it.` };
}

function deviceInfo(info: Record<string, unknown> | undefined): DeviceInfo {
  const firmware = str(info?.firmwareVersion);
  const serial = str(info?.serialNumber);
  return {
    manufacturer: str(info?.manufacturer) ?? 'Unknown maker',
    model: str(info?.model) ?? 'ONVIF camera',
    ...(firmware ? { firmware } : {}),
    ...(serial ? { serial } : {}),
  };
}

/** rtsp://user:pass@rest with both percent-encoded, as the camera config (and its form) writes them. */
export function withCredentials(uri: string, user: string, password: string): string {
  if (user === '' && password === '') return uri;
  const auth = encodeURIComponent(user) + (password === '' ? '' : `:${encodeURIComponent(password)}`);
  return uri.replace(/^(rtsps?:\/\/)/i, `$1${auth}@`);
}

function withoutCredentials(uri: string): string {
  return uri.replace(/^(rtsps?:\/\/)[^@/\s]*@/i, '$1');
}

/** Runs one package call; its callback may come twice (a parse error after a throw): the first wins. */
function call(cam: CamType, start: (callback: (error: Error | null, data?: unknown, xml?: string) => void) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      start.call(cam, (error, data, xml) => (error ? reject(Object.assign(error, { xml })) : resolve(data)));
    } catch (error) {
      reject(error as Error);
    }
  });
}

// The package turns numeric-looking text into numbers ("2000" → 2000): read values back as text.
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '_' in value) return str((value as { _: unknown })._);
  return undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(str(value));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function int(value: unknown): number {
  return Math.round(num(value) ?? 0);
}

/**
 * What an H.265 profile means for viewers: no browser takes H.265 over WebRTC, so it is sent,
 * still copied, over the data channel to the browser's media decoder, which takes it only where
 * the platform decodes HEVC.
 */
export const H265_NOTE =
  'H.265: sent without re-encoding to the browser’s media decoder (not WebRTC), so it plays only in browsers that decode HEVC (Firefox, Safari, Chrome or Edge with a hardware HEVC decoder; not Chromium on Linux). An H.264 profile plays everywhere.';
