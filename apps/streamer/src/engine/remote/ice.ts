/**
 * The ICE servers of remote viewing, from the engine's `remote` configuration: what each viewer
 * gets in its signed `{"method":"ice"}` reply (STUN, and TURN with credentials minted for that
 * viewer), and what the engine's own peer connections use (the same servers, its own credentials,
 * the media port range the router mapping opens).
 */
import type { RemoteConfig } from '@vigil/shared/engine-config';
import type { IceConfig, IceServer } from '@vigil/shared/remote';
import type { RTCPeerConnectionConfig } from 'werift';
import { mintTurnCredential } from './turn-credentials.ts';

export interface IceProvider {
  /** The reply to a viewer's `ice` request; TURN credentials are minted for `viewerId`. */
  forViewer(viewerId: string, now?: number): IceConfig;
  /** werift configuration for one engine peer connection (fresh TURN credentials each call). */
  forEngine(now?: number): Partial<RTCPeerConnectionConfig>;
}

/** Builds the provider; `config` is read on every call, so a changed configuration applies to new sessions. */
export function createIceProvider(config: () => RemoteConfig): IceProvider {
  function servers(id: string, now: number): { iceServers: IceServer[]; expiresAt?: number } {
    const remote = config();
    const iceServers: IceServer[] = remote.stun.length ? [{ urls: [...remote.stun] }] : [];
    let expiresAt: number | undefined;
    for (const turn of remote.turn) {
      const minted = mintTurnCredential(turn.secret, turn.ttlSeconds, id, now);
      iceServers.push({ urls: [...turn.urls], username: minted.username, credential: minted.credential });
      expiresAt = Math.min(expiresAt ?? Infinity, minted.expiresAt);
    }
    return { iceServers, ...(expiresAt === undefined ? {} : { expiresAt }) };
  }
  return {
    forViewer: (viewerId, now = Date.now()) => servers(viewerId, now),
    forEngine(now = Date.now()) {
      const { iceServers } = servers('engine', now);
      const ports = config().mediaPorts;
      return {
        // werift takes one URL per server entry.
        iceServers: iceServers.flatMap((s) => s.urls.map((urls) => ({ urls, username: s.username, credential: s.credential }))),
        ...(ports ? { icePortRange: [ports.min, ports.max] as [number, number] } : {}),
      };
    },
  };
}
