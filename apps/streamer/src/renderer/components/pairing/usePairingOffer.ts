/**
 * The pairing code shown on screen: a new one-time offer on mount, a fresh one when it expires or
 * once a viewer has used it (each code pairs one viewer), and on request.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PairingOfferView } from '@vigil/shared/api';
import { useApp } from '../../store/app.ts';
import { usePairing } from '../../store/pairing.ts';

/** Wait before asking again after a failed request. */
const RETRY_MS = 5000;
/**
 * Renewal delay when a fresh code already looks expired here (this clock is off from the
 * engine's): a sane pause instead of asking for a new code every moment.
 */
const SKEWED_RENEW_MS = 60_000;

/** The current offer, the last error, and renew() for a new code now. */
export function usePairingOffer() {
  const api = useApp((s) => s.api);
  const pairings = usePairing((s) => s.pairings);
  // expiresAt on this page's clock (the engine's, unless the two clocks disagree).
  const [offer, setOffer] = useState<PairingOfferView & { localExpiresAt: number }>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const renew = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    if (!api) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api.createPairingOffer().then(
      (next) => {
        if (!current) return;
        const ttl = next.expiresAt - Date.now();
        const wait = ttl > 5000 ? ttl : SKEWED_RENEW_MS;
        setOffer({ ...next, localExpiresAt: Date.now() + wait });
        setError(undefined);
        timer = setTimeout(renew, wait);
      },
      (e: Error) => {
        if (!current) return;
        setError(e.message);
        timer = setTimeout(renew, RETRY_MS);
      },
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, generation, renew]);

  // A viewer just paired (with the code on screen, most likely): that code cannot be used again.
  const seen = useRef(pairings);
  useEffect(() => {
    if (pairings !== seen.current) renew();
    seen.current = pairings;
  }, [pairings, renew]);

  return { offer, error, renew };
}
