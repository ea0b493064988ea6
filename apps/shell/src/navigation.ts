/**
 * Where a window may go: nowhere but its own origin. Links to the web open in the user's browser,
 * and only for https URLs on an explicit allow-list.
 */
import { isAppUrl, type AppOrigin } from './origin.ts';

/** Hosts whose https pages may open in the system browser (project docs); empty means none. */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = ['github.com'];

/** True when the window may navigate (or be redirected) to `url`. */
export function navigationAllowed(url: string, origin: AppOrigin): boolean {
  return isAppUrl(url, origin);
}

/** True when `url` may be handed to shell.openExternal: https, no credentials, host allow-listed. */
export function externalOpenAllowed(url: string, hosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && hosts.includes(parsed.hostname);
}

/** What to do with a window.open / target=_blank request: never a new Electron window. */
export function windowOpenDecision(url: string, hosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: externalOpenAllowed(url, hosts) };
}
