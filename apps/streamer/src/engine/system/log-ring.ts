/**
 * The engine's recent log in memory, for the System screen: every console line the engine
 * writes (console.debug/info/log/warn/error) is also kept in a ring of the last `capacity`
 * lines, with its level and time. Lines pass through the alerts' `redact` and lose any
 * credentials in URLs before they are stored, so the ring never holds a secret the console
 * would not show masked either.
 */
import { format } from 'node:util';
import { LogQuery, type LogLevel, type LogLine } from '@vigil/shared/api';
import { redactUrl } from '@vigil/shared/config';
import { describeIssues } from '@vigil/shared/issues';
import { redact } from '../alerts/redact.ts';
import { ApiFailure } from '../api/errors.ts';

/** Lines kept; older ones are dropped. Default 500 (~100 KB). */
export const DEFAULT_LOG_CAPACITY = 500;
/** Longest line kept, in characters (a dumped stack or SDP is cut). Default 2000. */
export const MAX_LINE_CHARS = 2000;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
// user:password@ in any URL (rtsp://, smtp://, http://; masked by redactUrl, which copes with raw
// '@' '/' ':' '#' in a password), and ?token=/&sig= style query values.
const URL_TOKEN = /[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const SECRET_PARAMS = /([?&](?:token|sig|password|pass|key)=)[^&\s]+/gi;

/** Masks credentials, known secrets and token-shaped strings in one log line. */
export function cleanLine(text: string, secrets: Iterable<string> = []): string {
  const masked = redact(text, secrets).replace(URL_TOKEN, (url) => redactUrl(url)).replace(SECRET_PARAMS, '$1***');
  return masked.length > MAX_LINE_CHARS ? `${masked.slice(0, MAX_LINE_CHARS)}…` : masked;
}

/** A ring of log lines. */
export interface LogRing {
  /** Adds a line (already formatted); masks it first. */
  push(level: LogLevel, message: string): void;
  /** Lines after `since` (a seq), at `level` or above, oldest first. */
  lines(options?: { since?: number; level?: LogLevel }): LogLine[];
}

/** Creates a ring; `secrets()` lists values to mask (the admin token, alert passwords…). */
export function createLogRing(capacity = DEFAULT_LOG_CAPACITY, secrets: () => Iterable<string> = () => []): LogRing {
  const ring: LogLine[] = [];
  let seq = 0;
  return {
    push(level, message) {
      ring.push({ seq: ++seq, at: Date.now(), level, message: cleanLine(message, secrets()) });
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
    },
    lines({ since = 0, level = 'debug' } = {}) {
      return ring.filter((line) => line.seq > since && RANK[line.level] >= RANK[level]);
    },
  };
}

/** The query of GET /api/system/logs (`since`, `level`), or a 400. */
export function parseLogQuery(query: URLSearchParams): { since?: number; level?: LogLevel } {
  const result = LogQuery.safeParse(Object.fromEntries(query));
  if (!result.success) throw new ApiFailure('bad-request', describeIssues(result.error));
  return result.data;
}

const METHODS = { debug: 'debug', info: 'info', log: 'info', warn: 'warn', error: 'error' } as const;

/**
 * Copies the process's console output into `ring` until the returned function is called (which
 * puts the previous console methods back). The console itself still prints as before.
 */
export function captureConsole(ring: LogRing): () => void {
  const originals = new Map<keyof typeof METHODS, (...args: unknown[]) => void>();
  for (const [method, level] of Object.entries(METHODS) as [keyof typeof METHODS, LogLevel][]) {
    const original = console[method];
    originals.set(method, original);
    console[method] = (...args: unknown[]) => {
      original.apply(console, args);
      try {
        ring.push(level, format(...args));
      } catch {
        // a value that cannot be formatted must never break the caller's logging
      }
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}
