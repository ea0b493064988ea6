/**
 * The streamer page's permission table: empty. Cameras are opened by the engine's ffmpeg, not by
 * the page, and the page needs no notifications, clipboard or devices; everything is denied.
 */
import type { PermissionTable } from '@vigil/shell/permissions';

/** What the streamer page may use: nothing. */
export const STREAMER_PERMISSIONS: PermissionTable = {};
