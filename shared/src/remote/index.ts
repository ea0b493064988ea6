/**
 * Watching from anywhere: what a streamer tells its paired viewers over the authenticated channel
 * (signed `response`s, see pairing/auth.ts), and what its Remote access screen shows.
 *
 *   request {"method":"ice"}    → IceConfig: STUN and TURN servers, TURN credentials minted for
 *                                 this viewer (coturn's REST-API scheme), and when they expire
 *   request {"method":"routes"} → RoutesReply: every way to reach the streamer's signalling now
 *                                 (its public address changed, a relay was added: nobody pairs again)
 */
import { z } from 'zod';
import { RelayConfig, RemoteConfig, TurnConfig } from '../config/engine.ts';
import { MAX_ROUTES, SignalingRoute } from '../pairing/uri.ts';

/** One ICE server as RTCIceServer spells it. `stun:`, `turn:` and `turns:` URLs only. */
export const IceServer = z.strictObject({
  urls: z.array(z.string().regex(/^(stun|turns?):[^\s]{1,250}$/, 'must be a stun:, turn: or turns: URL')).min(1).max(8),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** The reply to `{"method":"ice"}`. */
export const IceConfig = z.strictObject({
  iceServers: z.array(IceServer).max(8),
  /** When the minted TURN credentials stop working (ms since the epoch); absent without TURN. */
  expiresAt: z.number().int().optional(),
});
export type IceConfig = z.infer<typeof IceConfig>;

/** The reply to `{"method":"routes"}`. */
export const RoutesReply = z.strictObject({ routes: z.array(SignalingRoute).min(1).max(MAX_ROUTES) });
export type RoutesReply = z.infer<typeof RoutesReply>;

/** How a live tile's media travels, from the selected ICE candidate pair. */
export type MediaRoute = 'lan' | 'direct' | 'relayed';

/**
 * The kind of path of a selected candidate pair: through a TURN server (either end `relay`),
 * inside one network (both ends host candidates on private or link-local addresses), or across
 * the internet without a relay.
 */
export function mediaRouteOf(local: { candidateType?: string; address?: string }, remote: { candidateType?: string; address?: string }): MediaRoute {
  if (local.candidateType === 'relay' || remote.candidateType === 'relay') return 'relayed';
  if (local.candidateType === 'host' && remote.candidateType === 'host') return 'lan';
  return 'direct';
}

/** State of one part of remote access, as the Remote access screen shows it. */
export const RemotePart = z.strictObject({
  state: z.enum(['off', 'working', 'ok', 'failed']),
  /** In words, for a person ("your router has UPnP turned off"). */
  detail: z.string().max(500),
});
export type RemotePart = z.infer<typeof RemotePart>;

/** GET /api/remote: everything the Remote access screen shows. */
export const RemoteStatus = z.strictObject({
  /** The address the internet sees this home at (from STUN), if known. */
  publicAddress: z.string().max(64).optional(),
  /** The router's own external address (from UPnP/NAT-PMP), if it told us. */
  routerAddress: z.string().max(64).optional(),
  /** True when the router's external address is not the public one: a second NAT (CGNAT). */
  cgnat: z.boolean(),
  portMapping: RemotePart.extend({
    /** Mapped ports: external → internal, protocol, lease end (ms since the epoch). */
    mappings: z.array(z.strictObject({ protocol: z.enum(['TCP', 'UDP']), external: z.number().int(), internal: z.number().int(), expiresAt: z.number().int().optional() })).max(64),
  }),
  relays: z.array(RemotePart.extend({ url: z.string().max(300) })).max(MAX_ROUTES),
  turn: RemotePart.extend({ servers: z.array(z.string().max(300)).max(8) }),
  /** The routes the pairing code and paired viewers get now. */
  routes: z.array(SignalingRoute).max(MAX_ROUTES),
  /** The last "test from outside", if one ran. */
  lastTest: z
    .strictObject({ at: z.number().int(), reachable: z.boolean(), reasons: z.array(z.string().max(500)).max(8) })
    .optional(),
});
export type RemoteStatus = z.infer<typeof RemoteStatus>;

/** The result of a "test from outside" (POST /api/remote/test, and RemoteStatus.lastTest). */
export const RemoteTest = RemoteStatus.shape.lastTest.unwrap();
export type RemoteTest = z.infer<typeof RemoteTest>;

/**
 * A TURN server as a settings patch gives it: `secret` may be left out to keep the stored secret
 * of the server with the same URLs (the screen never has it back: it is write-only).
 */
export const TurnSettings = TurnConfig.extend({ secret: TurnConfig.shape.secret.optional() });
export type TurnSettings = z.infer<typeof TurnSettings>;

/** PUT /api/remote/settings: the parts of `remote` to change; a part left out is kept as it is. */
export const RemoteSettingsPatch = z.strictObject({
  stun: RemoteConfig.shape.stun.unwrap().optional(),
  turn: z.array(TurnSettings).max(4).optional(),
  portMapping: z.boolean().optional(),
  mediaPorts: RemoteConfig.shape.mediaPorts.unwrap().optional(),
  relays: RemoteConfig.shape.relays.unwrap().optional(),
});
export type RemoteSettingsPatch = z.infer<typeof RemoteSettingsPatch>;

/** GET /api/remote/settings: the `remote` config as the screen edits it; TURN secrets only as "set". */
export const RemoteSettingsView = z.strictObject({
  stun: z.array(z.string()),
  turn: z.array(z.strictObject({ urls: z.array(z.string()), ttlSeconds: z.number().int(), hasSecret: z.boolean() })),
  portMapping: z.boolean(),
  mediaPorts: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
  relays: z.array(RelayConfig),
});
export type RemoteSettingsView = z.infer<typeof RemoteSettingsView>;

/**
 * Sent by the engine on every live session's data channel when its routes change (a new public
 * address, a relay added or removed): the viewer then asks for the signed routes at once instead
 * of at its next 10-minute refresh. It carries nothing to trust; the signed reply does.
 */
export const ROUTES_CHANGED = 'routes-changed';
export const RoutesChangedEvent = z.strictObject({ type: z.literal(ROUTES_CHANGED) });

/** True for a data-channel message that is a RoutesChangedEvent. */
export function isRoutesChanged(text: string): boolean {
  if (text.length > 64 || !text.includes(ROUTES_CHANGED)) return false;
  try {
    return RoutesChangedEvent.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

export * from './advice.ts';
