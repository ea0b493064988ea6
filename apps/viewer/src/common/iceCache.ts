/**
 * The ICE servers each streamer gives this viewer (`request {"method":"ice"}` → IceConfig: STUN,
 * and TURN with credentials minted for this viewer), cached so a tile finds them ready: fetched
 * when the streamer comes online, reused until the credentials near their expiry.
 *
 * An engine from before remote access answers the method with an error: that means "no ICE
 * servers" (host candidates only, as before), cached briefly so a new engine is noticed.
 */
import { IceConfig, type IceServer } from '@vigil/shared/remote';

/** Options of an IceCache; every limit with its default. */
export interface IceCacheOptions {
  /** Sends the signed request to the streamer and resolves with its verified reply. */
  fetch(streamerId: string): Promise<string>;
  /** Refetch this long before the TURN credentials expire. Default 60 s. */
  marginMs?: number;
  /** How long a config without `expiresAt` (STUN only, or nothing) is kept. Default 10 min. */
  ttlMs?: number;
  /** How long "no ICE servers" from an error or a failed fetch is kept. Default 30 s. */
  errorTtlMs?: number;
  now?(): number;
}

interface Entry {
  servers: IceServer[];
  until: number;
}

/** ICE servers per streamer, fetched once and shared by every tile. */
export class IceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<IceServer[]>>();
  private readonly now: () => number;

  constructor(private readonly options: IceCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cached servers if still fresh, else undefined. */
  peek(streamerId: string): IceServer[] | undefined {
    const entry = this.entries.get(streamerId);
    return entry && entry.until > this.now() ? entry.servers : undefined;
  }

  /** The streamer's ICE servers: cached, or fetched (one fetch at a time per streamer). */
  get(streamerId: string): Promise<IceServer[]> {
    const cached = this.peek(streamerId);
    if (cached) return Promise.resolve(cached);
    const running = this.inflight.get(streamerId);
    if (running) return running;
    const started = this.now();
    const fetching = this.options
      .fetch(streamerId)
      .then((payload) => this.store(streamerId, read(payload), started), () => this.store(streamerId, undefined, started))
      .finally(() => this.inflight.delete(streamerId));
    this.inflight.set(streamerId, fetching);
    return fetching;
  }

  /** Forgets a streamer's servers (its connection failed: the credentials may be stale). */
  invalidate(streamerId: string): void {
    this.entries.delete(streamerId);
  }

  private store(streamerId: string, config: IceConfig | undefined, started: number): IceServer[] {
    const servers = config?.iceServers ?? [];
    const until = !config
      ? started + (this.options.errorTtlMs ?? 30_000)
      : config.expiresAt !== undefined
        ? config.expiresAt - (this.options.marginMs ?? 60_000)
        : started + (this.options.ttlMs ?? 600_000);
    this.entries.set(streamerId, { servers, until });
    return servers;
  }
}

/** An IceConfig from a reply, or undefined for an error reply or anything malformed. */
function read(payload: string): IceConfig | undefined {
  try {
    const parsed = IceConfig.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
