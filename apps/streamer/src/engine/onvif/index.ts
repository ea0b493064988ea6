/**
 * ONVIF for the control API: find cameras on the LAN (WS-Discovery) and read a chosen camera's
 * profiles and stream addresses. Nothing runs until a route is called; nothing is kept.
 */
import { DiscoverRequest, PreviewRequest, ProfilesRequest, deviceServiceUrl, type DiscoverResult, type PreviewResult, type ProfilesResult } from '@vigil/shared/onvif';
import { describeIssues, issueLines } from '@vigil/shared/issues';
import { ApiFailure } from '../api/errors.ts';
import { queryDevice } from './device.ts';
import { grabPreview } from './preview.ts';
import { probeDevices } from './probe.ts';

export interface OnvifOptions {
  /**
   * Interfaces (names or IPv4 addresses) to multicast the WS-Discovery Probe from. Default: every
   * non-internal IPv4 interface; [] sends no multicast (only `probeTargets`).
   */
  interfaces?: string[];
  /** Extra unicast Probe targets, "host[:port]" (cameras on other subnets; the test device). */
  probeTargets?: string[];
  /** Per device call, ms: a camera on the LAN answers in well under a second. Default 5000. */
  requestTimeoutMs?: number;
  /** ffmpeg for preview pictures (default: the one the cameras use). */
  ffmpegPath?: string;
}

import { json, type RouteHandlers } from '../api/route.ts';
/** Creates the ONVIF routes' implementation. */
export function createOnvifAdmin(options: OnvifOptions = {}) {
  return {
    /** Probes the LAN for ONVIF devices. No devices found is an empty list, not an error. */
    async discover(input: unknown): Promise<DiscoverResult> {
      const parsed = DiscoverRequest.safeParse(input ?? {});
      if (!parsed.success) throw new ApiFailure('bad-request', `invalid discovery request: ${describeIssues(parsed.error)}`);
      return probeDevices({ timeoutMs: parsed.data.timeoutMs, interfaces: options.interfaces, targets: options.probeTargets });
    },
    /** A device's information, profiles and stream URIs, or the problem in words. */
    async profiles(input: unknown): Promise<ProfilesResult> {
      const parsed = ProfilesRequest.safeParse(input);
      if (!parsed.success) {
        throw new ApiFailure('bad-request', `invalid ONVIF request: ${describeIssues(parsed.error)}`, issueLines(parsed.error));
      }
      const { address, user, password } = parsed.data;
      return queryDevice({ url: deviceServiceUrl(address)!, user, password, timeoutMs: options.requestTimeoutMs ?? 5000 });
    },
    /** One picture from a stream the camera gave, with its credentials, before it is added. */
    async preview(input: unknown): Promise<PreviewResult> {
      const parsed = PreviewRequest.safeParse(input);
      if (!parsed.success) {
        throw new ApiFailure('bad-request', `invalid preview request: ${describeIssues(parsed.error)}`, issueLines(parsed.error));
      }
      return grabPreview(parsed.data, options.requestTimeoutMs ?? 5000, options.ffmpegPath);
    },
  };
}
export type OnvifAdmin = ReturnType<typeof createOnvifAdmin>;

/** The ONVIF routes. */
export function onvifRoutes(admin: OnvifAdmin): RouteHandlers<'onvifDiscover' | 'onvifProfiles' | 'onvifPreview'> {
  return {
    onvifDiscover: async ({ body }) => json(await admin.discover(await body())),
    onvifProfiles: async ({ body }) => json(await admin.profiles(await body())),
    onvifPreview: async ({ body }) => json(await admin.preview(await body())),
  };
}
