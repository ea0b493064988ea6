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
export declare const APP_ORIGIN: AppOrigin;
/** `app://vigil/<path>`. */
export declare function appUrl(origin: AppOrigin, path?: string): string;
/** The origin string Chromium reports for pages of this origin (permission checks). */
export declare function originString(origin: AppOrigin): string;
/**
 * True when `url` belongs to the app's origin. Compared field by field: WHATWG `URL.origin` is
 * 'null' for non-special schemes, so comparing origins as strings would accept every custom URL.
 */
export declare function isAppUrl(url: string | undefined | null, origin: AppOrigin): boolean;
