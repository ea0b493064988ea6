/**
 * Where a window may go: nowhere but its own origin. Links to the web open in the user's browser,
 * and only for https URLs on an explicit allow-list.
 */
import { type AppOrigin } from './origin.ts';
/** Hosts whose https pages may open in the system browser (project docs); empty means none. */
export declare const DEFAULT_EXTERNAL_HOSTS: readonly string[];
/** True when the window may navigate (or be redirected) to `url`. */
export declare function navigationAllowed(url: string, origin: AppOrigin): boolean;
/** True when `url` may be handed to shell.openExternal: https, no credentials, host allow-listed. */
export declare function externalOpenAllowed(url: string, hosts?: readonly string[]): boolean;
/** What to do with a window.open / target=_blank request: never a new Electron window. */
export declare function windowOpenDecision(url: string, hosts?: readonly string[]): {
    action: 'deny';
    openExternally: boolean;
};
