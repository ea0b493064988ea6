/**
 * The answering half that both kinds of engine peer share, live sessions (live/session.ts) and
 * playback peers (playback/peer.ts): the browser offers; the engine sets the offer (mDNS
 * candidates dropped: resolving them would multicast), lets the caller shape its transceivers,
 * answers, and waits a bounded time for ICE gathering so that a viewer that does not trickle
 * still finds every candidate in the SDP. Trickled candidates go through addRemoteCandidate.
 */
import type { RTCPeerConnection } from 'werift';
import { isMdnsCandidate, prepareOffer } from '../live/sdp.ts';

/** An ICE candidate as browsers serialise it (RTCIceCandidateInit). */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** How an answer is made. */
export interface AnswerOptions {
  /** Longest wait for ICE gathering before answering; default 2000 ms. */
  gatherTimeoutMs?: number;
  /** Runs between the offer and the answer: set directions, attach tracks. */
  shape?: () => Promise<void> | void;
  /** More candidates to advertise for each gathered one (added to the answer after it). */
  advertise?: (candidate: IceCandidateInit) => IceCandidateInit[];
}

/** The gathering wait before answering when STUN or TURN servers are set: host candidates are ready by then, the rest trickles. */
export const TRICKLE_GATHER_MS = 150;

/** An answer's gathering wait: the one asked for, else TRICKLE_GATHER_MS with ICE servers, else answerOffer's default. */
export function gatherWait(askedMs: number | undefined, iceServers: readonly unknown[] | undefined): number | undefined {
  return askedMs ?? ((iceServers?.length ?? 0) > 0 ? TRICKLE_GATHER_MS : undefined);
}

/** Answers `offerSdp` on `pc`; resolves with the answer SDP, gathered candidates included. */
export async function answerOffer(pc: RTCPeerConnection, offerSdp: string, options: AnswerOptions = {}): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: prepareOffer(offerSdp) });
  noImplicitStun(pc);
  await options.shape?.();
  await pc.setLocalDescription(await pc.createAnswer());
  await waitForGathering(pc, options.gatherTimeoutMs ?? 2000);
  const sdp = pc.localDescription?.sdp ?? '';
  return options.advertise ? withAdvertised(sdp, options.advertise) : sdp;
}

/** Adds the advertised candidates of each `a=candidate` line right after it. */
export function withAdvertised(sdp: string, advertise: (candidate: IceCandidateInit) => IceCandidateInit[]): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .flatMap((line) => (line.startsWith('a=candidate:') ? [line, ...advertise({ candidate: line.slice(2) }).map((c) => `a=${c.candidate.replace(/^a=/, '')}`)] : [line]))
    .join(eol);
}

/**
 * werift asks Google's public STUN server (stun.l.google.com) whenever none is configured: every
 * LAN session looked it up in DNS and queried it, and its answer waited for that. Nothing may
 * leave the network unasked, so without a configured STUN server its connections get none.
 */
export function noImplicitStun(pc: RTCPeerConnection): void {
  const configured = (pc.config.iceServers ?? []).some((s) => [s.urls].flat().some((u) => /^stuns?:/i.test(u)));
  if (configured) return;
  for (const transport of pc.iceTransports as { connection?: { stunServer?: unknown } }[]) {
    if (transport.connection) transport.connection.stunServer = undefined;
  }
}

/**
 * Collects a peer's gathered candidates, each followed by the ones advertised for it, and hands
 * them to one listener: those gathered before it listens are replayed (some are in the answer
 * too, which the browser ignores), so a trickle set up after the answer misses none.
 */
export function trickleCandidates(pc: RTCPeerConnection, advertise?: (candidate: IceCandidateInit) => IceCandidateInit[]): { listen(callback: (candidate: IceCandidateInit) => void): void } {
  const gathered: IceCandidateInit[] = [];
  let listener: ((candidate: IceCandidateInit) => void) | undefined;
  pc.onIceCandidate.subscribe((candidate) => {
    if (!candidate) return;
    const init = candidate.toJSON() as IceCandidateInit;
    for (const c of [init, ...(advertise?.(init) ?? [])]) {
      gathered.push(c);
      listener?.(c);
    }
  });
  return {
    listen(callback) {
      listener = callback;
      for (const c of gathered) callback(c);
    },
  };
}

/** Resolves once ICE gathering is complete, or after `timeoutMs`, whichever comes first. */
export async function waitForGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    unsubscribe = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') resolve();
    }).unSubscribe;
  });
  clearTimeout(timer);
  unsubscribe?.();
}

/**
 * Adds a candidate the viewer trickled; `null` is the end of its candidates. Empty and mDNS
 * candidates are skipped (see above).
 */
export async function addRemoteCandidate(pc: RTCPeerConnection, candidate: IceCandidateInit | null): Promise<void> {
  if (candidate && (candidate.candidate === '' || isMdnsCandidate(candidate.candidate))) return;
  await pc.addIceCandidate(
    candidate
      ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined, usernameFragment: candidate.usernameFragment ?? undefined }
      : undefined,
  );
}
