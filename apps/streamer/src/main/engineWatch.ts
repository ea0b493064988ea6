/**
 * What the tray shows beyond the engine process: which cameras are live or in trouble and whether
 * alerts are armed, read from the engine's control API (with the admin token from its file) every
 * few seconds while the engine runs; and the tray's arm/disarm switch, written back there.
 */
import { ArmMode } from '@vigil/shared/alerts';
import { z } from 'zod';
import { readControlConnection } from './controlChannel.ts';

/** Cameras in a few numbers and the names of those in trouble. */
export interface CameraSummary {
  total: number;
  live: number;
  /** Cameras that failed or are reconnecting, with the engine's sentence for why. */
  problems: Array<{ name: string; message: string }>;
}

/** The tray's view of a running engine. */
export interface EngineSummary {
  cameras: CameraSummary;
  alertMode: ArmMode;
  /** The System screen's problems, in its words (health alerts, alerts waiting); absent: none known. */
  problems?: string[];
}

// Only the fields the tray reads; the rest of each camera view is the UI's business.
const CameraList = z.array(
  z.object({
    config: z.object({ name: z.string(), enabled: z.boolean().optional() }),
    state: z.object({ state: z.string(), message: z.string().optional(), reason: z.string().optional() }),
  }),
);
const AlertsMode = z.object({ config: z.object({ mode: ArmMode }) });
const SystemProblems = z.object({ problems: z.array(z.object({ message: z.string() })).optional() });

const TROUBLE = new Set(['failed', 'reconnecting']);

/** Summarises GET /api/cameras; throws on a body of another shape. */
export function summariseCameras(raw: unknown): CameraSummary {
  const cameras = CameraList.parse(raw).filter((camera) => camera.config.enabled !== false);
  return {
    total: cameras.length,
    live: cameras.filter((camera) => camera.state.state === 'live').length,
    problems: cameras
      .filter((camera) => TROUBLE.has(camera.state.state))
      .map((camera) => ({ name: camera.config.name, message: camera.state.message ?? camera.state.reason ?? camera.state.state })),
  };
}

/** Options, each with its default. */
export interface EngineWatchOptions {
  apiUrl: string;
  /** The engine's admin token file. */
  tokenFile: string;
  /** Told about every new summary; undefined while the engine cannot be asked. */
  onChange: (summary: EngineSummary | undefined) => void;
  /** Poll period; default 5 s (the tray need not be faster than a glance). */
  intervalMs?: number;
  /** Per request; default 3 s, so a hung engine cannot pile requests up. */
  timeoutMs?: number;
}

/** Polls the engine while started. Does nothing until start(). */
export class EngineWatch {
  #timer: NodeJS.Timeout | undefined;
  #last: string | undefined;
  #running = false;
  // Bumped by each start() and stop(): a poll still in flight from an earlier run ends its loop.
  #generation = 0;

  constructor(private readonly options: EngineWatchOptions) {}

  /** Starts polling (at once); a no-op while already polling. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#tick(++this.#generation);
  }

  /** Stops polling; the summary becomes unknown. */
  stop(): void {
    this.#running = false;
    this.#generation++;
    clearTimeout(this.#timer);
    this.#publish(undefined);
  }

  /** Reads the engine now; resolves with the summary, or undefined when it cannot be asked. */
  async refresh(): Promise<EngineSummary | undefined> {
    const summary = await this.#read().catch(() => undefined);
    if (this.#running) this.#publish(summary);
    return summary;
  }

  /** Arms, disarms or puts alerts back on their schedule; then refreshes. */
  async setAlertMode(mode: ArmMode): Promise<void> {
    await this.#request('PUT', '/api/alerts/mode', { mode });
    await this.refresh();
  }

  async #tick(generation: number): Promise<void> {
    const summary = await this.#read().catch(() => undefined);
    if (generation !== this.#generation) return;
    this.#publish(summary);
    this.#timer = setTimeout(() => void this.#tick(generation), this.options.intervalMs ?? 5000);
  }

  async #read(): Promise<EngineSummary> {
    const [cameras, alerts, system] = await Promise.all([this.#request('GET', '/api/cameras'), this.#request('GET', '/api/alerts'), this.#request('GET', '/api/system')]);
    const problems = (SystemProblems.parse(system).problems ?? []).map((problem) => problem.message);
    return { cameras: summariseCameras(cameras), alertMode: AlertsMode.parse(alerts).config.mode, ...(problems.length > 0 ? { problems } : {}) };
  }

  async #request(method: string, path: string, body?: unknown): Promise<unknown> {
    const { apiUrl, token } = await readControlConnection(this.options.apiUrl, this.options.tokenFile);
    const response = await fetch(apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  }

  // Only changes reach the tray: rebuilding its menu every 5 s would close it under the pointer.
  #publish(summary: EngineSummary | undefined): void {
    const key = JSON.stringify(summary ?? null);
    if (key === this.#last) return;
    this.#last = key;
    this.options.onChange(summary);
  }
}
