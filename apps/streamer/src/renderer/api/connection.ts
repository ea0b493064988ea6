/**
 * Where the engine's control API is and which admin token opens it. The one place that knows how
 * the page got them, so the Electron shell can hand them over through its preload instead:
 *
 * - Electron: `window.vigil.control.connection()` → `{ apiUrl, token }` (the shell's preload);
 * - browser: the page is served by the engine itself, so the API is the page's origin, and the
 *   token arrives once in the URL fragment (`#token=…`, the link the CLI prints). It is kept in
 *   sessionStorage (this tab only) and removed from the address bar and history at once.
 *
 * Never an API address from the URL: a link to the genuine page could otherwise send the token to
 * another host (the page's CSP confines it to its own origin as well).
 */
import { readFragment, stripFragment } from '../logic/fragment.ts';

export interface Connection {
  apiUrl: string;
  token: string;
}

/** The preload's part this module uses; absent in a browser. */
interface ControlBridge {
  control?: { connection(): Promise<Connection> };
}

const TOKEN_KEY = 'vigil.streamer.token';

/** The API and token, or undefined when the page was opened without a token. */
export async function acquireConnection(): Promise<Connection | undefined> {
  const bridge = (window as { vigil?: ControlBridge }).vigil;
  if (bridge?.control) return bridge.control.connection();
  const fragment = readFragment(location.hash);
  if (fragment.token) sessionStorage.setItem(TOKEN_KEY, fragment.token);
  if (location.hash !== '') history.replaceState(history.state, '', location.pathname + location.search + stripFragment(location.hash));
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  return { apiUrl: location.origin, token };
}

/** Keeps a token a person pasted (browser only). */
export function rememberToken(token: string): Connection {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  return { apiUrl: location.origin, token: token.trim() };
}

/** Forgets a token the engine refused. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
