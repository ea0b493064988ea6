/**
 * The one wait of the tests and benches: polls until a check passes and throws when time runs out,
 * naming what it waited for and the last value seen. A wait that returned quietly on timeout would
 * let the assertion after it be skipped or read a stale value, so none does.
 */

/** How a wait polls and how its failure reads. */
export interface WaitOptions {
  /** Milliseconds between reads (default 200). */
  every?: number;
  /** What the wait is for, in words; the check's source text when absent. */
  what?: string;
  /** Read on timeout and added to the error: what else a reader needs to see where it stalled. */
  explain?: () => string | Promise<string>;
}

/** Thrown by a wait that timed out; carries the last value read. */
export class WaitTimeout extends Error {
  constructor(what: string, timeoutMs: number, readonly last: unknown) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(last)}`);
    this.name = 'WaitTimeout';
  }
}

/**
 * Polls `read` until `check` accepts its value, which it returns; throws WaitTimeout after
 * timeoutMs. A read that itself never settles (a page that hangs) throws too, READ_GRACE_MS after
 * the deadline, instead of holding the test until its own timeout hides which wait it was.
 */
export async function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs: number, options: WaitOptions = {}): Promise<T> {
  const { explain } = options;
  if (!explain) return poll(read, check, timeoutMs, options);
  try {
    return await poll(read, check, timeoutMs, options);
  } catch (error) {
    if (error instanceof WaitTimeout) {
      const detail = await Promise.resolve().then(explain).catch((failure: Error) => `(explaining failed: ${failure.message})`);
      error.message += `; ${detail}`;
    }
    throw error;
  }
}

async function poll<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs: number, options: WaitOptions): Promise<T> {
  const every = options.every ?? 200;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    const value = await bounded(read, deadline + READ_GRACE_MS - Date.now(), () => new WaitTimeout(`${options.what ?? check.toString()} (a read did not return)`, timeoutMs, last));
    last = value;
    if (check(value)) return value;
    if (Date.now() >= deadline) throw new WaitTimeout(options.what ?? check.toString(), timeoutMs, value);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** How long past a wait's deadline a read that has not returned is given before the wait throws. */
const READ_GRACE_MS = 5_000;

/** `read()`, or `timeout()` thrown if it has not settled within `ms`. */
async function bounded<T>(read: () => T | Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  const result = read();
  if (!(result instanceof Promise)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([result, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `check()` is true; throws WaitTimeout naming `what` after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 10_000, what?: string, every = 20): Promise<void> {
  await waitFor(check, (ok) => ok, timeoutMs, { what: what ?? check.toString(), every });
}

/** A short, single-line rendering of a value for failure messages. */
function describe(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
