/**
 * Policy of the session every window uses: the CSP response header, the permission table (for
 * requests and for the silent checks Chromium makes, e.g. before enumerateDevices), and no
 * device (HID/USB/serial) access at all.
 */
import type { MediaAccessPermissionRequest, Session } from 'electron';
import { decidePermission, type PermissionTable } from './permissions.ts';
import { withCsp } from './csp.ts';
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
export function installSessionPolicy(session: SessionLike, policy: SessionPolicy): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, policy.csp) });
  });

  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = details.requestingUrl;
    const allowed =
      policy.registry.has(contents) &&
      decidePermission(
        policy.permissions,
        { permission, origin, isMainFrame: details.isMainFrame, mediaTypes: (details as MediaAccessPermissionRequest).mediaTypes ?? [] },
        policy.origin,
      );
    if (!allowed) policy.onDenied?.(permission, origin);
    callback(allowed);
  });

  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    // Checks without a window (service workers) get nothing.
    if (!contents || !policy.registry.has(contents)) return false;
    return decidePermission(
      policy.permissions,
      { permission, origin: requestingOrigin, isMainFrame: details.isMainFrame, mediaTypes: details.mediaType ? [details.mediaType] : [] },
      policy.origin,
    );
  });

  session.setDevicePermissionHandler(() => false);
}
