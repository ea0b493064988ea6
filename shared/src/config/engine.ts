/**
 * The streamer engine's configuration file (JSON): cameras, signalling and the control API.
 * Written atomically by the engine; a file that fails this schema stops the engine with a clear
 * message instead of being overwritten.
 */
import { z } from 'zod';
import { CameraConfig } from './camera.ts';
import { RecordingStorage } from '../recording/config.ts';

export const EmbeddedSignaling = z.strictObject({
  mode: z.literal('embedded'),
  /** 0.0.0.0 so viewers on the LAN reach it; TLS is always on for a non-loopback host. */
  host: z.string().min(1).max(255).default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8443),
});

export const RemoteSignaling = z.strictObject({
  mode: z.literal('remote'),
  url: z.string().regex(/^wss?:\/\/[^/?#@\s]+$/, 'must be a ws:// or wss:// URL with a host and no path'),
  /** SPKI SHA-256 pin (base64 or base64url) for a self-signed server. */
  fingerprint: z.string().max(64).optional(),
});

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
});
export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;
