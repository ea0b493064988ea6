/**
 * Policy of the session every window uses: the CSP response header, the permission table (for
 * requests and for the silent checks Chromium makes, e.g. before enumerateDevices), and no
 * device (HID/USB/serial) access at all.
 */
import type { Session } from 'electron';
import { type PermissionTable } from './permissions.ts';
import type { AppOrigin } from './origin.ts';
import type { WindowRegistry } from './senders.ts';
/** What installSessionPolicy applies. */
export interface SessionPolicy {
    origin: AppOrigin;
    csp: string;
    permissions: PermissionTable;
    registry: WindowRegistry;
    /** Told about every denial (logging); default: silent. */
    onDenied?: (permission: string, origin: string | undefined) => void;
}
/** The subset of Session this module touches (a test passes a recording stand-in). */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
    webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};
/** Installs CSP headers and permission handlers on `session`. */
export declare function installSessionPolicy(session: SessionLike, policy: SessionPolicy): void;
