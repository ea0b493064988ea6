/**
 * Camera configuration: what the control API accepts, the config file stores and the engine runs.
 * Credentials inside RTSP URLs are part of the config but never logged (see redactUrl).
 */
import { z } from 'zod';
import { MotionConfig } from '../motion/config.ts';
import { DetectionConfig } from '../detection/config.ts';
import { CameraRecording } from '../recording/config.ts';
import { CameraAudio, CameraAudioState } from '../audio/config.ts';

/** A camera id: lowercase slug, used in URLs, file names and metrics labels. */
export const CameraId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be 1-48 of a-z, 0-9 and -, starting with a letter or digit');

const rtspUrl = z
  .string()
  .max(2048)
  .refine((text) => /^rtsps?:\/\/[^/\s]+/i.test(text), 'must be an rtsp:// or rtsps:// URL with a host');

export const RtspSource = z.strictObject({
  kind: z.literal('rtsp'),
  url: rtspUrl,
  /** TCP interleaving survives NAT and Wi-Fi loss best, so it is the default. */
  transport: z.enum(['tcp', 'udp']).default('tcp'),
  /** Optional low-resolution stream of the same camera, for grid tiles and motion. */
  substreamUrl: rtspUrl.optional(),
});

/**
 * The streamer PC's audio output that plays a viewer's talk for a camera without a speaker of its
 * own (USB, test pattern, file), as the engine lists it (GET /api/devices, kind "speaker"):
 * `default` (the system's output), `alsa:<pcm>` or `pulse:<sink>` on Linux, `audiotoolbox:<index>`
 * on macOS. Never starts with '-' (it becomes an ffmpeg argument).
 */
export const Speaker = z
  .string()
  .max(256)
  .regex(/^(default|(alsa|pulse):[^\s-]\S*|audiotoolbox:\d{1,3})$/, 'must be "default", alsa:<device>, pulse:<sink> or audiotoolbox:<index>');

export const UsbSource = z.strictObject({
  kind: z.literal('usb'),
  /** Device path or name as listed by the engine (e.g. /dev/video0, "Integrated Camera"). */
  device: z.string().min(1).max(256),
  width: z.number().int().min(160).max(3840).default(1280),
  height: z.number().int().min(120).max(2160).default(720),
  fps: z.number().int().min(1).max(60).default(15),
  /**
   * The microphone that goes with it, as the engine lists it (GET /api/devices, kind "audio"):
   * `alsa:hw:1,0` or `pulse:<source>` on Linux, a DirectShow or AVFoundation name elsewhere.
   * Absent: no sound.
   */
  microphone: z.string().min(1).max(256).optional(),
  /** Where viewers' talk is played (see Speaker); absent: `default`. */
  speaker: Speaker.optional(),
});

export const FileSource = z.strictObject({
  kind: z.literal('file'),
  path: z.string().min(1).max(4096),
  loop: z.boolean().default(true),
  /** Where viewers' talk is played (see Speaker); absent: `default`. */
  speaker: Speaker.optional(),
});

export const TestPatternSource = z.strictObject({
  kind: z.literal('test-pattern'),
  width: z.number().int().min(160).max(1920).default(640),
  height: z.number().int().min(120).max(1080).default(360),
  fps: z.number().int().min(1).max(60).default(15),
  /** Absent or `pattern`: ffmpeg's moving test card; `demo`: a still yard a figure walks across every 30 s (the demo camera). */
  scene: z.enum(['pattern', 'demo']).optional(),
  /** Where viewers' talk is played (see Speaker); absent: `default`. */
  speaker: Speaker.optional(),
});

export const CameraSource = z.discriminatedUnion('kind', [RtspSource, UsbSource, FileSource, TestPatternSource]);

/** Longest site name: fits a heading in the streamer's list and the viewer's side list. */
export const SITE_MAX_LENGTH = 40;

/**
 * The site or area a camera belongs to ("Home", "Shop", "Back yard"): cameras of one site are
 * listed together, and a viewer can fill its grid with them. Trimmed; absent means no site.
 */
export const CameraSite = z
  .string()
  .trim()
  .min(1, 'must not be blank (leave the site out instead)')
  .max(SITE_MAX_LENGTH, `must be ${SITE_MAX_LENGTH} characters at most`)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const CameraConfig = z.strictObject({
  id: CameraId,
  name: z.string().min(1).max(80),
  enabled: z.boolean().default(true),
  /** The site or area it belongs to (see CameraSite); absent: no site. */
  site: CameraSite.optional(),
  source: CameraSource,
  /** What this camera records; absent means off (see CameraRecording for each default). */
  recording: CameraRecording.optional(),
  /** Motion detection; absent: off (zones and sensitivity are set per camera in the app). */
  motion: MotionConfig.optional(),
  /** Object detection on motion events (person, vehicle, animal …); absent: off. */
  detection: DetectionConfig.optional(),
  /** Sound live and in recordings; absent: both on when the camera sends sound (see CameraAudio). */
  audio: CameraAudio.optional(),
});

export type CameraSource = z.infer<typeof CameraSource>;
export type CameraConfig = z.infer<typeof CameraConfig>;
export type CameraConfigInput = z.input<typeof CameraConfig>;

/** Camera states as the engine reports them. */
export const CameraStateName = z.enum(['stopped', 'starting', 'live', 'reconnecting', 'failed']);
/** Why a camera is not live, in words a person understands, plus a code for programs. */
export const CameraFailure = z.enum(['bad-url', 'unreachable', 'auth', 'unsupported-codec', 'not-found', 'no-video', 'stalled', 'exited']);

export const CameraState = z.strictObject({
  id: CameraId,
  state: CameraStateName,
  /** Set in reconnecting and failed states. */
  reason: CameraFailure.optional(),
  /** A sentence for the UI, e.g. "The camera refused the user name or password." */
  message: z.string().optional(),
  since: z.number(),
  restarts: z.number().int().min(0),
  /** The camera's sound, once ffmpeg has listed its input; absent before that. */
  audio: CameraAudioState.optional(),
});
export type CameraState = z.infer<typeof CameraState>;
export type CameraFailure = z.infer<typeof CameraFailure>;

/**
 * The URL with any user name and password replaced, for logs and UIs. The user info ends at the
 * LAST '@' of the address: a password typed raw may hold '@', '/', ':', '#' or '%', each of which a
 * URL parser alone would take for a delimiter (and leave part of the password outside the user
 * info). What follows is checked with the URL parser; when it is not a sound host the whole
 * address is masked. Masking an '@' inside a path as well is the safe side.
 */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(\S*)/i.exec(url);
  if (!match) return url;
  const [, scheme = '', address = ''] = match;
  const at = address.lastIndexOf('@');
  if (at < 0) return url;
  const rest = address.slice(at + 1);
  const tail = url.slice(scheme.length + address.length);
  return soundHost(scheme, rest) ? `${scheme}***@${rest}${tail}` : `${scheme}***${tail}`;
}

function soundHost(scheme: string, rest: string): boolean {
  try {
    const parsed = new URL(scheme + rest);
    return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The key two site names share when they differ only in case or spacing ("home " and "Home"). */
export function siteKey(site: string | undefined): string {
  return (site ?? '').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

/** Items of one site, in their original order; `key` is '' and `name` undefined for no site. */
export interface SiteGroup<T> {
  key: string;
  name: string | undefined;
  items: T[];
}

/**
 * Groups items by site: named sites in alphabetical order, the items without a site last; inside
 * a group items keep their order. A site's name is its first item's spelling.
 */
export function groupBySite<T>(items: readonly T[], siteOf: (item: T) => string | undefined): SiteGroup<T>[] {
  const groups = new Map<string, SiteGroup<T>>();
  for (const item of items) {
    const key = siteKey(siteOf(item));
    const group = groups.get(key) ?? { key, name: key ? siteOf(item)!.trim() : undefined, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const named = [...groups.values()].filter((g) => g.key !== '').sort((a, b) => a.name!.localeCompare(b.name!, undefined, { sensitivity: 'base', numeric: true }) || a.key.localeCompare(b.key));
  const none = groups.get('');
  return none ? [...named, none] : named;
}
