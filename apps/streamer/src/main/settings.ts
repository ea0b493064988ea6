/**
 * The streamer app's preferences, validated on read: the store file can be edited by hand, and a
 * bad value must fall back to its default, never reach the CSP or the engine's command line.
 */
import { z } from 'zod';

/** Each preference with its default. */
export const PREFS_DEFAULTS = {
  /** Launch at login, hidden in the tray. */
  startAtLogin: false,
  /** The engine's control API port (the engine's own default). */
  apiPort: 7480,
  /** Paused from the tray: stays paused across restarts of the app. */
  paused: false,
} as const;

const Prefs = z.object({
  startAtLogin: z.boolean().catch(PREFS_DEFAULTS.startAtLogin),
  apiPort: z.number().int().min(1).max(65535).catch(PREFS_DEFAULTS.apiPort),
  paused: z.boolean().catch(PREFS_DEFAULTS.paused),
});

export type Prefs = z.infer<typeof Prefs>;

/** Valid preferences from whatever the store holds. */
export function readPrefs(raw: unknown): Prefs {
  return Prefs.parse(typeof raw === 'object' && raw !== null ? raw : {});
}
