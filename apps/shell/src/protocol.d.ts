import { type AppOrigin } from './origin.ts';
/** Scheme privileges, for protocol.registerSchemesAsPrivileged (before app 'ready'). */
export declare const APP_SCHEME_PRIVILEGES: {
    readonly standard: true;
    readonly secure: true;
    readonly supportFetchAPI: true;
    readonly stream: true;
};
/**
 * The file a request path names inside `root`, or undefined when the path escapes it (`..`,
 * encoded `%2e%2e`, backslashes, NUL, absolute paths). Pure: no file system access.
 */
export declare function resolveAppPath(root: string, pathname: string): string | undefined;
/** Options of the protocol handler. */
export interface AppProtocolOptions {
    /** Folder of the built UI (absolute). */
    root: string;
    origin: AppOrigin;
    /** The CSP header of every response. */
    csp: string;
    /** Page served for index.html when the build is missing (e.g. the streamer UI before it exists). */
    fallbackIndex?: string;
}
/** A protocol.handle handler: GET/HEAD of files under `root`, 404 otherwise. */
export declare function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response>;
