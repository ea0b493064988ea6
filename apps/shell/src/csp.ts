/**
 * The Content-Security-Policy of every page, sent as a response header (which a page cannot
 * weaken) and written in each page's <meta> as well (which keeps working when the same UI is
 * served by a plain web server).
 */

/** Directives; every page gets exactly these, plus any extra connect sources an app declares. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  // WebSockets to signalling servers and to the engine's event socket may go anywhere the user paired.
  ['connect-src', ["'self'", 'ws:', 'wss:']],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['media-src', ["'self'", 'blob:', 'mediastream:']],
  ['style-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['form-action', ["'none'"]],
];

/**
 * The policy text; `extraConnect` adds exact origins (e.g. the local engine's http://127.0.0.1:7480).
 * `anyWebSocket: false` (the streamer app, which talks to its engine only) drops `ws: wss:` and
 * allows each extra origin's own WebSocket twin instead, so no page script can send the admin token
 * to another host.
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = [], options: { anyWebSocket?: boolean } = {}): string {
  for (const source of extraConnect) {
    // Only exact http(s) origins: a wildcard or a scheme-only source would open connect-src wide.
    if (!/^https?:\/\/[A-Za-z0-9.[\]:-]+$/.test(source)) throw new Error(`CSP: refusing connect source "${source}"`);
  }
  const anyWebSocket = options.anyWebSocket ?? true;
  const connect = anyWebSocket ? extraConnect : extraConnect.flatMap((o) => [o, o.replace(/^http/, 'ws')]);
  return CSP_DIRECTIVES.map(([name, values]) =>
    [name, ...(name === 'connect-src' && !anyWebSocket ? ["'self'"] : values), ...(name === 'connect-src' ? connect : [])].join(' '),
  ).join('; ');
}

/** Response headers with our CSP replacing any the server sent (names are case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
