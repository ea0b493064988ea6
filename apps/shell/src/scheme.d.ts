/**
 * Wiring of the app:// scheme: privileges before 'ready', the file handler after. Kept apart from
 * protocol.ts so the handler itself stays testable without Electron.
 */
import type { Protocol } from 'electron';
import { type AppProtocolOptions } from './protocol.ts';
import type { AppOrigin } from './origin.ts';
/** Declares the scheme standard and secure; must run before the app is ready. */
export declare function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>, origin: AppOrigin): void;
/** Serves the UI folder on the scheme (after 'ready'). */
export declare function serveApp(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void;
