/**
 * The viewer's permission table (default deny; see apps/shell/src/permissions.ts). Each entry
 * says why; anything else — microphone, notifications, geolocation, clipboard, display capture,
 * HID/USB/serial, fullscreen requests from the page — is refused.
 */
import type { PermissionTable } from '@vigil/shell/permissions';

/** What the viewer page may use. */
export const VIEWER_PERMISSIONS: PermissionTable = {
  media: {
    reason: "The camera (video only) scans a streamer's pairing QR code. Audio capture is never needed: the viewer only receives.",
    mediaTypes: ['video'],
  },
};
