/**
 * The viewer's permission table (default deny; see apps/shell/src/permissions.ts). Each entry
 * says why; anything else — notifications, geolocation, clipboard, display capture,
 * HID/USB/serial, fullscreen requests from the page — is refused.
 */
import type { PermissionTable } from '@vigil/shell/permissions';

/** What the viewer page may use. */
export const VIEWER_PERMISSIONS: PermissionTable = {
  media: {
    reason: "The camera scans a streamer's pairing QR code; the microphone carries push-to-talk to a camera's speaker, only while the talk button is held (and only where the streamer's owner allowed this viewer to talk).",
    mediaTypes: ['video', 'audio'],
  },
};
