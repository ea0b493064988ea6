/**
 * The streamer app's IPC contract: what its page may ask the Electron main process, with zod
 * schemas for arguments and results. Everything else the UI does goes to the engine's control API,
 * so the same UI runs in a browser. Imports nothing but zod: it is bundled into the preload.
 */
import { z } from 'zod';

/** One channel: name, argument schema, result schema. */
export interface Channel<A extends z.ZodType, R extends z.ZodType> {
  name: string;
  args: A;
  result: R;
}
const channel = <A extends z.ZodType, R extends z.ZodType>(name: string, args: A, result: R): Channel<A, R> => ({ name, args, result });

/** The engine child process as the supervisor sees it. */
export const EngineStatus = z.object({
  state: z.enum(['stopped', 'starting', 'running', 'backoff', 'paused']),
  pid: z.number().int().nullable(),
  /** Restarts after a crash since the app started. */
  restarts: z.number().int(),
  lastExit: z
    .object({
      code: z.number().int().nullable(),
      signal: z.string().nullable(),
      at: z.number(),
      /** What the engine said last before it died, e.g. "listen EADDRINUSE: address already in use 127.0.0.1:7480". */
      detail: z.string().max(300).optional(),
    })
    .nullable(),
  /** When the next restart attempt is due (epoch ms), in state 'backoff'. */
  nextRestartAt: z.number().nullable(),
  /** The engine's control API, for the UI to talk to. */
  apiUrl: z.string(),
});
export type EngineStatusValue = z.infer<typeof EngineStatus>;

const none = z.object({}).strict();

/** Where the UI reaches the engine's control API, and the admin token it needs there. */
export const ControlConnection = z.object({ apiUrl: z.string().url(), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();
export type ControlConnectionValue = z.infer<typeof ControlConnection>;

export const streamerIpc = {
  /** Current engine status. */
  engineStatus: channel('engine:status', none, EngineStatus),
  /** Stops and starts the engine (e.g. after a configuration change). */
  engineRestart: channel('engine:restart', none, EngineStatus),
  /** Pauses (stops, no restarts) or resumes the engine. */
  engineSetPaused: channel('engine:set-paused', z.object({ paused: z.boolean() }).strict(), EngineStatus),
  /** The control API's address and admin token (read from the engine's token file). */
  controlConnection: channel('control:connection', none, ControlConnection),
  /** The screen the tray asked the window to show (a problem clicked: `system`), once; null when none. */
  takeScreen: channel('app:take-screen', none, z.enum(['system']).nullable()),
} as const;

/** What the preload exposes as `window.vigil` in the streamer app. */
export interface StreamerBridge {
  readonly platform: 'electron';
  engine: {
    status(): Promise<EngineStatusValue>;
    restart(): Promise<EngineStatusValue>;
    setPaused(paused: boolean): Promise<EngineStatusValue>;
  };
  control: {
    connection(): Promise<ControlConnectionValue>;
  };
  app: {
    /** The screen the tray asked for since the last call, if any. */
    takeScreen(): Promise<'system' | null>;
  };
}
