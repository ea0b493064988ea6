/**
 * Control API bodies for ONVIF (the engine's routes; see apps/streamer/src/engine/onvif/README.md):
 *   POST /api/onvif/discover  DiscoverRequest → DiscoverResult   (WS-Discovery on the LAN)
 *   POST /api/onvif/profiles  ProfilesRequest → ProfilesResult   (device info, profiles, stream URIs)
 *   POST /api/onvif/preview   PreviewRequest → PreviewResult     (one picture from a stream, before adding)
 * A camera that refuses, cannot be reached or is not ONVIF is a normal answer (200 with `ok:
 * false` and a problem code), not an API error: the form shows it next to the field it concerns.
 */
import { z } from 'zod';

/** Probe for this long (ms); cameras answer within a second, slow Wi-Fi ones in two or three. */
export const DiscoverRequest = z.strictObject({
  timeoutMs: z.number().int().min(300).max(10_000).default(2500),
});
export type DiscoverRequest = z.infer<typeof DiscoverRequest>;
export type DiscoverRequestInput = z.input<typeof DiscoverRequest>;

/** One device that answered the probe. Name and model come from its WS-Discovery scopes. */
export const DiscoveredDevice = z.strictObject({
  /** Its WS-Discovery endpoint reference (usually urn:uuid:…): stable across address changes. */
  id: z.string().max(512),
  name: z.string().max(200),
  model: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  /** host or host:port, for people. */
  host: z.string().max(300),
  /** The device service URL to ask for profiles (http://host[:port]/onvif/device_service). */
  xaddr: z.string().max(2048),
});
export type DiscoveredDevice = z.infer<typeof DiscoveredDevice>;

export const DiscoverResult = z.strictObject({
  devices: z.array(DiscoveredDevice),
  /** Where the probe went: interface addresses (multicast) and extra unicast targets. */
  probed: z.array(z.string()),
  /** Interfaces the probe could not use (e.g. "192.168.1.4: EADDRNOTAVAIL"); the rest still ran. */
  warnings: z.array(z.string()),
});
export type DiscoverResult = z.infer<typeof DiscoverResult>;

/**
 * A device address as a person types it or discovery found it: http(s)://host[:port][/path], or
 * host[:port] (then http and /onvif/device_service are assumed).
 */
export const DeviceAddress = z
  .string()
  .trim()
  .min(1, 'enter the camera’s address, e.g. 192.168.1.30')
  .max(2048)
  .refine((text) => deviceServiceUrl(text) !== undefined, 'must be an IP address or host name, optionally with :port, or an http:// address');

export const ProfilesRequest = z.strictObject({
  address: DeviceAddress,
  user: z.string().max(128).default(''),
  password: z.string().max(256).default(''),
});
export type ProfilesRequest = z.infer<typeof ProfilesRequest>;
export type ProfilesRequestInput = z.input<typeof ProfilesRequest>;

/** One media profile: what it streams and where. */
export const OnvifProfile = z.strictObject({
  token: z.string().max(256),
  name: z.string().max(200),
  /** As the camera names it: H264, H265, JPEG, MPEG4… */
  codec: z.string().max(32),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  fps: z.number().min(0).optional(),
  bitrateKbps: z.number().min(0).optional(),
  /** The RTSP URI the camera gave, without credentials (for people). */
  uri: z.string().max(2048).optional(),
  /** The same URI with the credentials inserted as a camera config's `source.url` expects. */
  configUrl: z.string().max(4096).optional(),
  /** Vigil can show it: H.264 or H.265 (copied), or a format it re-encodes, with a stream URI. */
  usable: z.boolean(),
  /** Why not, or what to know, in words (e.g. which browsers play H.265). */
  note: z.string().optional(),
});
export type OnvifProfile = z.infer<typeof OnvifProfile>;

export const DeviceInfo = z.strictObject({
  manufacturer: z.string().max(200),
  model: z.string().max(200),
  firmware: z.string().max(200).optional(),
  serial: z.string().max(200).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

/** Why a device gave no profiles; `message` is a sentence for the form. */
export const OnvifProblem = z.enum(['auth', 'unreachable', 'not-onvif', 'device-error', 'no-profiles']);
export type OnvifProblem = z.infer<typeof OnvifProblem>;

export const ProfilesResult = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    device: DeviceInfo,
    profiles: z.array(OnvifProfile),
    /** Tokens of the suggested main stream and substream (see pickStreams). */
    main: z.string().optional(),
    sub: z.string().optional(),
  }),
  z.strictObject({ ok: z.literal(false), problem: OnvifProblem, message: z.string() }),
]);
export type ProfilesResult = z.infer<typeof ProfilesResult>;

/** A stream to take one picture from: its URI as the camera gave it, and the camera's credentials. */
export const PreviewRequest = z.strictObject({
  uri: z
    .string()
    .max(2048)
    .refine((text) => /^rtsps?:\/\/[^/\s@]+(\/\S*)?$/i.test(text), 'must be an rtsp:// address without credentials'),
  user: z.string().max(128).default(''),
  password: z.string().max(256).default(''),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;
export type PreviewRequestInput = z.input<typeof PreviewRequest>;

/** Why a stream gave no picture (the camera failure codes of the config schema, plus a catch-all). */
export const PreviewProblem = z.enum(['auth', 'unreachable', 'not-found', 'bad-url', 'no-video', 'failed']);
export type PreviewProblem = z.infer<typeof PreviewProblem>;

export const PreviewResult = z.discriminatedUnion('ok', [
  /** A JPEG, base64, at most PREVIEW_WIDTH wide. */
  z.strictObject({ ok: z.literal(true), jpeg: z.string().max(4_000_000) }),
  z.strictObject({ ok: z.literal(false), problem: PreviewProblem, message: z.string() }),
]);
export type PreviewResult = z.infer<typeof PreviewResult>;

/** Width of preview pictures: enough to recognise the scene, small to send. */
export const PREVIEW_WIDTH = 640;

/** http(s)://host[:port]/path for `address`, or undefined when it is not an address. */
export function deviceServiceUrl(address: string): string | undefined {
  const text = address.trim();
  if (/\s/.test(text) || text === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  // A bare host (or host/) means the standard device service path (ONVIF Core §5.1.1).
  const path = url.pathname === '/' && url.search === '' ? '/onvif/device_service' : url.pathname + url.search;
  return `${url.protocol}//${url.host}${path}`;
}
