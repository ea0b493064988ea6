/**
 * The Content-Security-Policy of every page, sent as a response header (which a page cannot
 * weaken) and written in each page's <meta> as well (which keeps working when the same UI is
 * served by a plain web server).
 */
/** Directives; every page gets exactly these, plus any extra connect sources an app declares. */
export declare const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]>;
/** The policy text; `extraConnect` adds exact origins (e.g. the local engine's http://127.0.0.1:7480). */
export declare function contentSecurityPolicy(extraConnect?: readonly string[]): string;
/** Response headers with our CSP replacing any the server sent (names are case-insensitive). */
export declare function withCsp(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]>;
