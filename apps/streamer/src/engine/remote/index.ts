/**
 * Remote access wired from the engine's parts: the ICE provider (STUN/TURN for the engine's peers
 * and each viewer), the service that maps ports and knows the routes, and the hooks the camera
 * manager and playback use to advertise the router's public address.
 */
import type { RemoteConfig } from '@vigil/shared/engine-config';
import type { Signaling } from '../signaling/connect.ts';
import type { createRemoteSettings, RemoteAccessAdmin } from './admin.ts';
import { advertisePublic } from './candidates.ts';
import { createIceProvider } from './ice.ts';
import { isLoopback } from '../net.ts';
import { createPortMapper } from './port-mapping.ts';
import { createRemoteAccess, type PortMapperLike, type RemoteAccess, type RemoteAccessOptions } from './service.ts';
import { stunBinding } from './stun.ts';
import { checkTurn } from './turn-check.ts';

export { createIceProvider, type IceProvider } from './ice.ts';
export { createRemoteAccess, type RemoteAccess } from './service.ts';

/** The parts of remote viewing the camera manager and playback need before signalling starts. */
export function remoteMediaHooks(config: () => RemoteConfig) {
  const ice = createIceProvider(config);
  let access: RemoteAccess | undefined;
  return {
    ice,
    /** werift options per peer connection. */
    rtc: () => ice.forEngine(),
    /** The router's public address for each forwarded host candidate. */
    advertise: <C extends { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null }>(c: C) =>
      advertisePublic(c.candidate, access?.publicMapping()).map((candidate) => ({ candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex })),
    /** Connects the hooks to the service once it exists. */
    attach(remote: RemoteAccess) {
      access = remote;
    },
  };
}

export interface StartRemoteOptions {
  config: () => RemoteConfig;
  signaling: Signaling;
  /** The relay of `signaling.mode: remote`, as pairing codes name it. */
  mainRelay?: { url: string; pin: string | undefined };
  createMapper?: () => PortMapperLike;
  stun?: (url: string) => Promise<{ address: string; port: number }>;
  turnCheck?: RemoteAccessOptions['turnCheck'];
}

/** Starts remote access for a running signalling setup. */
export async function startRemoteAccess(options: StartRemoteOptions): Promise<RemoteAccess> {
  const { signaling } = options;
  const access = createRemoteAccess({
    config: options.config,
    direct: signaling.bundled && {
      url: signaling.url,
      pin: signaling.codePin,
      port: signaling.bundled.port,
      lanAddress: signaling.bundled.lanAddress,
      spkiSha256: signaling.fingerprint?.spkiSha256,
    },
    mainRelay: options.mainRelay,
    relays: () => signaling.relays.map((r) => ({ url: r.url, pin: r.pin, state: () => r.client.state, lastError: r.lastError, reachCheck: (port) => r.client.reachCheck(port) })),
    // A server on loopback has nothing to forward (and the demo must not talk to the router).
    createMapper: signaling.bundled && isLoopback(signaling.bundled.lanAddress) ? undefined : (options.createMapper ?? (() => createPortMapper({ log: (level, message) => console[level](`port mapping: ${message}`) }))),
    stun: options.stun ?? ((url) => stunBinding(url)),
    turnCheck: options.turnCheck ?? ((server) => checkTurn(server)),
  });
  await access.start();
  return access;
}

/** The Remote access screen's side of the service: status, test, settings saved and applied at once. */
export function remoteAdmin(remote: RemoteAccess, signaling: Signaling, settings: ReturnType<typeof createRemoteSettings>): RemoteAccessAdmin {
  return {
    status: () => remote.status(),
    test: () => remote.test(),
    settings: () => settings.view(),
    async configure(patch) {
      const saved = await settings.apply(patch);
      signaling.setRelays(saved.relays); // new relays registered with, removed ones left: no restart
      await remote.reconfigure();
      return remote.status();
    },
  };
}
