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
export declare class WaitTimeout extends Error {
    readonly last: unknown;
    constructor(what: string, timeoutMs: number, last: unknown);
}
/** Polls `read` until `check` accepts its value, which it returns; throws WaitTimeout after timeoutMs. */
export declare function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs: number, options?: WaitOptions): Promise<T>;
/** Waits until `check()` is true; throws WaitTimeout naming `what` after timeoutMs. */
export declare function until(check: () => boolean, timeoutMs?: number, what?: string, every?: number): Promise<void>;
