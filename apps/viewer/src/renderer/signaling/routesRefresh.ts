/**
 * Keeps each paired streamer's routes current: asks it `{"method":"routes"}` whenever it comes up
 * on a route (a connect or a reconnect) and every 10 minutes, so a new public address or a new
 * relay reaches every paired viewer without pairing again. The reply is signed by the streamer
 * (SignalingHub.request checks it); common/routes.ts decides whether its pins are acceptable.
 */
import type { SignalingRoute } from '@vigil/shared/pairing';
import { readRoutesReply } from '../../common/routes.ts';
import type { PairedStreamer } from '../../common/streamers.ts';
import type { SignalingHub } from './hub.ts';

/** The request for a streamer's routes. */
export const ROUTES_REQUEST = JSON.stringify({ method: 'routes' });
/** How often every streamer is asked again. */
export const ROUTES_REFRESH_MS = 10 * 60_000;
/** A streamer is not asked again sooner than this (its routes coming up one after the other). */
export const ROUTES_MIN_GAP_MS = 5_000;

export interface RoutesRefreshOptions {
  hub: Pick<SignalingHub, 'request'>;
  streamers(): readonly PairedStreamer[];
  /** Stores a streamer's new routes. */
  save(streamerId: string, routes: SignalingRoute[]): void;
  /** Where refused replies are told. Default console.warn. */
  log?(message: string): void;
  intervalMs?: number;
  minGapMs?: number;
  now?(): number;
}

/** Asks paired streamers for their routes. */
export class RoutesRefresh {
  private readonly asked = new Map<string, number>();
  private readonly inflight = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RoutesRefreshOptions) {}

  /** Asks every streamer every `intervalMs`. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      for (const s of this.options.streamers()) void this.refresh(s.id, true);
    }, this.options.intervalMs ?? ROUTES_REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Asks one streamer (not twice at once, not again within `minGapMs` unless `force`). */
  async refresh(streamerId: string, force = false): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (this.inflight.has(streamerId) || (!force && now - (this.asked.get(streamerId) ?? -Infinity) < (this.options.minGapMs ?? ROUTES_MIN_GAP_MS))) return;
    const streamer = this.options.streamers().find((s) => s.id === streamerId);
    if (!streamer?.credential) return;
    this.asked.set(streamerId, now);
    this.inflight.add(streamerId);
    let payload: string;
    try {
      payload = await this.options.hub.request(streamer, ROUTES_REQUEST);
    } catch {
      return; // offline, or gone again: its next route coming up asks again
    } finally {
      this.inflight.delete(streamerId);
    }
    const current = this.options.streamers().find((s) => s.id === streamerId);
    if (!current) return;
    const verdict = readRoutesReply(current, payload);
    if (!verdict.ok) {
      // An engine from before remote access answers an error: its routes stay as paired.
      if (!verdict.unsupported) (this.options.log ?? console.warn)(`Vigil: refused the routes "${current.name}" sent: ${verdict.error}`);
      return;
    }
    if (!sameRoutes(current.routes, verdict.routes)) this.options.save(streamerId, verdict.routes);
  }
}

function sameRoutes(a: readonly SignalingRoute[], b: readonly SignalingRoute[]): boolean {
  const key = (list: readonly SignalingRoute[]) => JSON.stringify(list.map((r) => [r.url, r.via, r.fingerprint ?? null]));
  return key(a) === key(b);
}
