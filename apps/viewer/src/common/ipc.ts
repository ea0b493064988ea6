/**
 * The viewer's IPC contract: every call the page can make to the Electron main process, with zod
 * schemas for its argument and result. The preload exposes one narrow function per channel; main
 * checks the sender and the argument against these schemas (apps/shell/src/ipc.ts).
 *
 * Imports nothing but zod: this file is bundled into the sandboxed preload.
 */
import { z } from 'zod';

/** One channel: name, argument schema, result schema. */
export interface Channel<A extends z.ZodType, R extends z.ZodType> {
  name: string;
  args: A;
  result: R;
}
const channel = <A extends z.ZodType, R extends z.ZodType>(name: string, args: A, result: R): Channel<A, R> => ({ name, args, result });

/** Secret names: short, lowercase, e.g. 'streamers'. */
export const SecretKey = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/);
/** Largest secret value in characters (1 MiB): a paired-streamer list is a few KB. */
export const MAX_SECRET_LENGTH = 1 << 20;
/** Most pins the page may set at once. */
export const MAX_PINS = 256;
/** Widest screen capture the page may ask for (px); default 1920. */
export const MAX_CAPTURE_WIDTH = 4096;

/** Why secret storage is or is not usable. */
export const SecretsStatus = z.object({
  available: z.boolean(),
  /** Human-readable reason when unavailable (shown in the UI). */
  reason: z.string().optional(),
});

/** A TLS key pin of a paired streamer: its signalling URL (wss) and the `fp` of its pairing URI. */
export const Pin = z.object({
  url: z.string().max(2048).regex(/^wss:\/\//),
  pin: z.string().regex(/^[A-Za-z0-9+/_=-]{22,44}$/),
});

export const viewerIpc = {
  /** Whether secrets can be stored encrypted (safeStorage backed by the OS keychain). */
  secretsStatus: channel('secrets:status', z.object({}).strict(), SecretsStatus),
  /** One decrypted secret, or null when none is stored. */
  secretsGet: channel('secrets:get', z.object({ key: SecretKey }).strict(), z.object({ value: z.string().nullable() })),
  /** Stores a secret encrypted; refused when encryption is unavailable. */
  secretsSet: channel('secrets:set', z.object({ key: SecretKey, value: z.string().max(MAX_SECRET_LENGTH) }).strict(), z.object({ ok: z.literal(true) })),
  /** Forgets a secret. */
  secretsDelete: channel('secrets:delete', z.object({ key: SecretKey }).strict(), z.object({ deleted: z.boolean() })),
  /** The primary screen as a PNG data URL, for reading a QR code shown on this computer. */
  screenCapture: channel(
    'screen:capture',
    z.object({ maxWidth: z.number().int().min(64).max(MAX_CAPTURE_WIDTH).optional() }).strict(),
    z.object({ dataUrl: z.string().startsWith('data:image/png;base64,'), width: z.number().int(), height: z.number().int() }),
  ),
  /** Replaces the TLS key pins the main process accepts self-signed certificates for. */
  pinsSet: channel('pins:set', z.object({ pins: z.array(Pin).max(MAX_PINS) }).strict(), z.object({ count: z.number().int() })),
} as const;

export type SecretsStatusValue = z.infer<typeof SecretsStatus>;
export type PinValue = z.infer<typeof Pin>;

/** What the preload exposes as `window.vigil` in the viewer. */
export interface ViewerBridge {
  readonly platform: 'electron';
  secrets: {
    status(): Promise<SecretsStatusValue>;
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
    delete(key: string): Promise<boolean>;
  };
  screen: {
    /** PNG data URL of the primary screen; only while the window has focus. */
    capture(maxWidth?: number): Promise<{ dataUrl: string; width: number; height: number }>;
  };
  pins: {
    set(pins: PinValue[]): Promise<number>;
  };
}
