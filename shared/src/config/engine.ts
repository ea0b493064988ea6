/**
 * The streamer engine's configuration file (JSON): cameras, signalling and the control API.
 * Written atomically by the engine; a file that fails this schema stops the engine with a clear
 * message instead of being overwritten.
 */
import { z } from 'zod';
import { CameraConfig } from './camera.ts';
import { RecordingStorage } from '../recording/config.ts';
import { isLoopbackHost } from '../pairing/uri.ts';

export const EmbeddedSignaling = z.strictObject({
  mode: z.literal('embedded'),
  /** 0.0.0.0 so viewers on the LAN reach it; TLS is always on for a non-loopback host. */
  host: z.string().min(1).max(255).default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8443),
});

export const RemoteSignaling = z
  .strictObject({
    mode: z.literal('remote'),
    url: z.string().regex(/^wss?:\/\/[^/?#@\s]+$/, 'must be a ws:// or wss:// URL with a host and no path'),
    /** SPKI SHA-256 pin (base64 or base64url, the full hash or its first 16 bytes) of the relay's TLS key. */
    fingerprint: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]{22,43}=*$/, 'must be the SPKI SHA-256 pin in base64 (from `vigil-signal`)')
      .optional(),
  })
  // The pairing code carries the relay's address and pin, and viewers refuse a plain ws:// relay
  // off loopback or a wss:// one without a pin: such a config could never pair anyone, so it is
  // refused here, with the field named, not when the first QR code is drawn.
  .superRefine((remote, ctx) => {
    const url = /^(wss?):\/\/(\[[^\]]+\]|[^:/]+)/.exec(remote.url);
    if (!url) return;
    if (url[1] === 'ws' && !isLoopbackHost(url[2]!)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'plain ws:// is allowed only on loopback: use wss:// for a relay on another machine' });
    if (url[1] === 'wss' && !remote.fingerprint) ctx.addIssue({ code: 'custom', path: ['fingerprint'], message: "is required for a wss:// relay: its TLS key pin, which viewers check (printed by `vigil-signal`)" });
  });

/** A relay the streamer registers with besides its own server (viewers away from home dial it). */
export const RelayConfig = z
  .strictObject({
    url: z.string().regex(/^wss:\/\/[^/?#@\s]+$/, 'must be a wss:// URL with a host and no path'),
    /** The relay's TLS key pin; leave out for a relay with a certificate from a public CA. */
    fingerprint: z.string().regex(/^[A-Za-z0-9+/_-]{22,43}=*$/, 'must be the SPKI SHA-256 pin in base64 (from `vigil-signal`)').optional(),
  });

/** A TURN server that shares a secret with this streamer (coturn's `use-auth-secret`). */
export const TurnConfig = z.strictObject({
  urls: z.array(z.string().regex(/^turns?:[^\s]{1,250}$/, 'must be a turn: or turns: URL')).min(1).max(4),
  /** coturn's `static-auth-secret`; credentials minted from it last `ttlSeconds`. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256),
  ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
});

/**
 * Watching from anywhere: the STUN and TURN servers handed to viewers, the router port mapping,
 * the UDP ports media uses, and relays. Off by default only where it would reach the internet by
 * itself (no STUN/TURN servers are built in: the user names theirs).
 */
export const RemoteConfig = z.strictObject({
  /** STUN servers (`stun:host:port`): the engine's and each viewer's public address. */
  stun: z.array(z.string().regex(/^stun:[^\s]{1,250}$/, 'must be a stun: URL')).max(4).default([]),
  turn: z.array(TurnConfig).max(4).default([]),
  /** Ask the router (UPnP-IGD, NAT-PMP, PCP) to forward the signalling port and the media ports. */
  portMapping: z.boolean().default(true),
  /**
   * UDP ports of live and playback media, inclusive; the port mapping opens exactly these, so a
   * viewer away from home reaches the engine at the router's public address without any relay.
   * Absent: any free port (STUN and TURN still work; nothing is forwarded for media).
   */
  mediaPorts: z
    .strictObject({ min: z.number().int().min(1024).max(65535), max: z.number().int().min(1024).max(65535) })
    .refine((r) => r.max >= r.min && r.max - r.min < 256, 'max must be ≥ min, at most 256 ports')
    .optional(),
  relays: z.array(RelayConfig).max(3).default([]),
});
export type RemoteConfig = z.infer<typeof RemoteConfig>;

export const EngineConfig = z.strictObject({
  version: z.literal(1).default(1),
  /** Shown to viewers when they pair. */
  name: z.string().min(1).max(80).default('Vigil streamer'),
  cameras: z.array(CameraConfig).max(64).default([]),
  signaling: z.discriminatedUnion('mode', [EmbeddedSignaling, RemoteSignaling]).default({ mode: 'embedded', host: '0.0.0.0', port: 8443 }),
  api: z
    .strictObject({
      /** Loopback by default: the control API administers the whole streamer. */
      host: z.string().min(1).max(255).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(7480),
    })
    .default({ host: '127.0.0.1', port: 7480 }),
  /** Where recordings go and the limits that keep the disk from filling. */
  recording: RecordingStorage.default(RecordingStorage.parse({})),
  /** Watching from anywhere (STUN, TURN, port mapping, relays). */
  remote: RemoteConfig.default(RemoteConfig.parse({})),
});
export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;
