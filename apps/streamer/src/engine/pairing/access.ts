/**
 * How viewers get in, as the signalling bridge needs it: the one authorisation hook every viewer
 * request passes, and pairing requests that announce the new viewer on the event hub.
 */
import type { SignalingServer } from '@vigil/signaling/node';
import type { EventHub } from '../events/hub.ts';
import { isLoopback } from '../net.ts';
import type { Authorize } from '../signaling/bridge.ts';
import type { PairingService } from './service.ts';

/**
 * Paired viewers only. With `trustLoopback` (TESTS ONLY: the embedded server, when the engine
 * was asked to), a viewer connected from loopback is admitted without pairing.
 */
export function viewerAuthorizer(pairing: Pick<PairingService, 'authorize'>, trustLoopback?: Pick<SignalingServer, 'peerInfo'>): Authorize {
  return async (request) => {
    if (trustLoopback && isLoopback(trustLoopback.peerInfo(request.from)?.address ?? '')) {
      return { ok: true, viewer: `loopback:${request.from}`, substream: request.substream };
    }
    return pairing.authorize(request);
  };
}

/** Answers a pairing request; a viewer that paired is published as `viewer-paired`. */
export function pairAndAnnounce(pairing: Pick<PairingService, 'handlePairRequest' | 'viewers'>, hub: Pick<EventHub, 'publish'>) {
  return async (payload: string) => {
    const response = await pairing.handlePairRequest(payload);
    if (response.ok) {
      const viewer = pairing.viewers.list().find((v) => v.id === response.viewerId);
      if (viewer) hub.publish({ type: 'viewer-paired', viewer });
    }
    return response;
  };
}
