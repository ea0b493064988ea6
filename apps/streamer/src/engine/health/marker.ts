/**
 * The crash marker: `running.json` is written when the engine starts and removed when it stops
 * cleanly. Found at start, the last run ended without a stop (a crash, kill -9, power loss); an
 * uncaught exception writes its reason into the marker on the way down, so the alert can name it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

interface Marker {
  pid: number;
  startedAt: number;
  reason?: string;
}

/** What the previous run left: undefined after a clean stop. */
export interface Crash {
  startedAt: number;
  reason: string;
}

/** Reads the last run's marker, writes this run's, and records the reason of an uncaught exception. */
export function openMarker(file: string): { previous: Crash | undefined; close(): void } {
  let previous: Crash | undefined;
  try {
    const marker = JSON.parse(readFileSync(file, 'utf8')) as Marker;
    previous = { startedAt: marker.startedAt, reason: marker.reason ?? 'the engine ended without shutting down (killed, out of memory, or the power went)' };
  } catch {
    previous = undefined; // no marker: the last run stopped cleanly, or this is the first
  }
  const mine: Marker = { pid: process.pid, startedAt: Date.now() };
  writeFileSync(file, JSON.stringify(mine), { mode: 0o600 });
  // Sync on purpose: the process is about to die, and a monitor listener does not change that.
  const onCrash = (error: Error) => {
    try {
      writeFileSync(file, JSON.stringify({ ...mine, reason: `uncaught ${error?.name ?? 'error'}: ${String(error?.message ?? error).slice(0, 300)}` }), { mode: 0o600 });
    } catch {
      // nothing more to do on the way down
    }
  };
  process.on('uncaughtExceptionMonitor', onCrash);
  return {
    previous,
    close() {
      process.off('uncaughtExceptionMonitor', onCrash);
      rmSync(file, { force: true });
    },
  };
}
