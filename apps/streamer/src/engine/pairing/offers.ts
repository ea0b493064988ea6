/**
 * One-time pairing offers: the token behind the QR code. A token works once and expires; the
 * engine keeps only the few that are outstanding, in memory (a restart invalidates them, which
 * is the safe direction).
 */
import { randomBytes } from 'node:crypto';
import { formatPairingUri, offerForRoutes, verifyPairRequest, type PairRequest, type SignalingRoute } from '@vigil/shared/pairing';

/** How long a pairing QR code stays valid. Default 10 minutes. */
export const DEFAULT_OFFER_TTL_MS = 10 * 60_000;
/** Outstanding offers kept at once; older ones are dropped first. Default 8. */
export const DEFAULT_MAX_OFFERS = 8;

export interface PairingOfferInfo {
  uri: string;
  token: string;
  expiresAt: number;
}

interface Options {
  streamerId: () => string;
  /**
   * The signalling URL and TLS pin viewers should use (read at issue time); with `routes`, every
   * way to reach the streamer (the code becomes a version 2 code when there is more than one).
   */
  address: () => { url: string; fingerprint?: string; routes?: readonly SignalingRoute[] };
  ttlMs?: number;
  maxOffers?: number;
  now?: () => number;
}

/** Issues and redeems one-time pairing tokens. */
export function createOfferBook(options: Options) {
  const ttl = options.ttlMs ?? DEFAULT_OFFER_TTL_MS;
  const max = options.maxOffers ?? DEFAULT_MAX_OFFERS;
  const now = options.now ?? Date.now;
  // token → state; spent and expired tokens are remembered for one more TTL so a late scan is
  // told "used" or "expired" rather than "not valid".
  const tokens = new Map<string, { expiresAt: number; used: boolean }>();
  const prune = () => {
    for (const [token, entry] of tokens) if (entry.expiresAt + ttl <= now()) tokens.delete(token);
  };
  const outstanding = () => [...tokens].filter(([, e]) => !e.used && e.expiresAt > now());

  return {
    /** A new offer valid for `ttlMs` (default: the book's TTL); its QR code holds `uri`. */
    issue(ttlMs = ttl): PairingOfferInfo {
      prune();
      const open = outstanding();
      for (const [token] of open.slice(0, Math.max(0, open.length - max + 1))) tokens.delete(token);
      const token = randomBytes(16).toString('base64url');
      const expiresAt = now() + ttlMs;
      tokens.set(token, { expiresAt, used: false });
      const { url, fingerprint, routes } = options.address();
      const offer = routes?.length ? offerForRoutes(routes, options.streamerId(), token) : { version: 1 as const, url, streamerId: options.streamerId(), token, fingerprint };
      const uri = formatPairingUri(offer);
      return { uri, token, expiresAt };
    },

    /** Finds the outstanding token the request proves, and spends it. */
    async redeem(request: PairRequest): Promise<{ ok: true; token: string } | { ok: false; code: 'bad-token' | 'expired' | 'used'; message: string }> {
      const streamerId = options.streamerId();
      for (const [token, entry] of [...tokens]) {
        if (!(await verifyPairRequest(token, streamerId, request))) continue;
        if (entry.used) return { ok: false, code: 'used', message: 'this pairing code was already used; show a new one on the streamer' };
        if (entry.expiresAt <= now()) return { ok: false, code: 'expired', message: 'this pairing code has expired; show a new one on the streamer' };
        entry.used = true;
        return { ok: true, token };
      }
      return { ok: false, code: 'bad-token', message: 'this pairing code is not valid for this streamer' };
    },

    /** Withdraws every outstanding offer. */
    clear(): void {
      for (const [token] of outstanding()) tokens.delete(token);
    },
  };
}
