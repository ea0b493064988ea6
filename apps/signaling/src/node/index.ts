/** The signalling server and its Node helpers; re-exports the environment-free client. */
export * from '../common/index.ts';
export { createSignalingServer, type PeerInfo, type SignalingServer } from './server.ts';
export type { SignalingServerOptions, TlsOption } from './options.ts';
export { CLOSE_CODES } from './connection.ts';
export { createNodeSocketFactory, type NodeSocketFactoryOptions } from './socketFactory.ts';
export { loadOrCreateIdentity, identityFromPrivateKey, streamerIdFromPublicKey, type Identity } from './identity.ts';
export { fingerprintOfCertificate, certificateMatchesPin, pairingPin, type Fingerprint } from './fingerprint.ts';
export { loadOrCreateSelfSigned } from './selfSigned.ts';
export type { PeerRole } from './metrics.ts';
export { applyConnectionLimits, resolveConnectionLimits, type ConnectionLimits } from './connection-limits.ts';
export { DEFAULT_REACH_CHECK, isPublicAddress, type ReachCheckOptions } from './reach-check.ts';
export { createStaticSite, DEFAULT_VIEWER_DIST, UI_CSP } from './static-site.ts';
