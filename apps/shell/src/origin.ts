/**
 * The app's own origin: a privileged custom scheme (`app://vigil/`), never file://. Everything the
 * shell allows (navigation, IPC senders, permissions) is allowed only for this origin.
 */

/** A custom-scheme origin such as app://vigil. */
export interface AppOrigin {
  /** Scheme without colon, e.g. 'app'. */
  scheme: string;
  /** Host, e.g. 'vigil'. */
  host: string;
}

/** The origin both apps load their UI from. */
export const APP_ORIGIN: AppOrigin = { scheme: 'app', host: 'vigil' };

/** `app://vigil/<path>`. */
export function appUrl(origin: AppOrigin, path = 'index.html'): string {
  return `${origin.scheme}://${origin.host}/${path.replace(/^\/+/, '')}`;
}

/** The origin string Chromium reports for pages of this origin (permission checks). */
export function originString(origin: AppOrigin): string {
  return `${origin.scheme}://${origin.host}`;
}

/**
 * True when `url` belongs to the app's origin. Compared field by field: WHATWG `URL.origin` is
 * 'null' for non-special schemes, so comparing origins as strings would accept every custom URL.
 */
export function isAppUrl(url: string | undefined | null, origin: AppOrigin): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${origin.scheme}:` &&
    parsed.hostname === origin.host &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
