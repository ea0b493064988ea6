/**
 * Keeps secrets out of logs and error texts: every known secret value is masked, and so is
 * anything shaped like a bot token or a `/bot<token>/` URL, in case a library puts one in a message.
 */

/** A structured log line sink. */
export type AlertLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** The engine's alert log: every line but `info` to the console as a warning. */
export const consoleAlertLog: AlertLog = (level, message, fields) => {
  if (level !== 'info') console.warn(`alerts: ${message}`, fields ?? '');
};

// No \b in front: a token inside a URL follows "/bot" with no word boundary.
const BOT_TOKEN = /(?<!\d)\d{3,20}:[A-Za-z0-9_-]{20,100}/g;
const MASK = '***';

/** Masks every secret in `secrets` and every token-shaped string in `text`. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would mask ordinary words; such secrets are too weak to matter anyway.
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out.replace(BOT_TOKEN, MASK);
}

/** Wraps `log` so messages and string fields pass through `redact` with the current secrets. */
export function redactingLog(log: AlertLog, secrets: () => Iterable<string>): AlertLog {
  return (level, message, fields) => {
    const known = [...secrets()];
    const clean = fields && Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, scrub(value, known)]));
    log(level, redact(message, known), clean);
  };
}

function scrub(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`, secrets);
  if (value && typeof value === 'object') return redact(JSON.stringify(value), secrets);
  return value;
}
