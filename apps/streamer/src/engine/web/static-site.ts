/**
 * The engine's static sites. The file server itself lives with the signalling server, which
 * serves the viewer on its port (here embedded, or `vigil-signal --viewer`); the streamer UI and
 * its stricter policy are the engine's own.
 */
import { fileURLToPath } from 'node:url';
import { UI_CSP } from '@vigil/signaling/node';

export { createStaticSite, DEFAULT_VIEWER_DIST, UI_CSP } from '@vigil/signaling/node';

/** Where the built streamer UI lives in a checkout. */
export const DEFAULT_STREAMER_DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

/**
 * The streamer UI served by its engine talks to that same origin only (fetch and the event
 * socket): it holds the admin token, which must never reach another host.
 */
export const STREAMER_UI_CSP = UI_CSP.replace("connect-src 'self' ws: wss:", "connect-src 'self'");
