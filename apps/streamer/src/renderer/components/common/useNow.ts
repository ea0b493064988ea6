/** The current time, re-rendering every `intervalMs` (countdowns, "seen 5 s ago"). */
import { useEffect, useState } from 'react';

/** Date.now(), refreshed on an interval. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
