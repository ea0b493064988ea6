/**
 * Web permissions as an allow-list table (Signal's permissions.std.ts model): every permission an
 * app grants has an entry with its reason; anything not in the table is denied, and so is every
 * request that does not come from the app's own origin.
 */
import { type AppOrigin } from './origin.ts';
/** A permission name as Electron reports it ('media', 'notifications', 'geolocation', …). */
export type PermissionName = string;
export type MediaType = 'video' | 'audio';
/** One granted permission and why. */
export interface PermissionRule {
    /** Why the app needs it; shown in reviews, not to users. */
    reason: string;
    /** For 'media': which devices. A request for any other type is denied. */
    mediaTypes?: readonly MediaType[];
}
/** An app's table; a missing entry means deny. */
export type PermissionTable = Readonly<Record<PermissionName, PermissionRule>>;
/** A permission request or check, reduced to what the decision needs. */
export interface PermissionQuery {
    permission: PermissionName;
    /** URL or origin of the requesting frame. */
    origin: string | undefined;
    /** Whether the requesting frame is the top frame; sub-frames never get anything. */
    isMainFrame: boolean;
    /** For media: the types requested (request) or checked (check; 'unknown' is denied). */
    mediaTypes?: readonly string[];
}
/** The decision: allow only a tabled permission, from the app's main frame, for tabled media types. */
export declare function decidePermission(table: PermissionTable, query: PermissionQuery, origin: AppOrigin): boolean;
