/** How a peer connection's media travels, read from its `getStats()` report. */
import { mediaRouteOf, type MediaRoute } from '@vigil/shared/remote';

/**
 * The path of the selected candidate pair: the one the transport names, or (browsers without
 * `selectedCandidatePairId`) the nominated pair that succeeded.
 */
export function selectedPath(byId: ReadonlyMap<string, Record<string, unknown>>): { route?: MediaRoute; rttMs?: number; pair?: string } {
  const stats = [...byId.values()];
  const named = stats.map((s) => (s.type === 'transport' ? s.selectedCandidatePairId : undefined)).find((id): id is string => typeof id === 'string');
  const pair = (named && byId.get(named)) || stats.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
  if (!pair) return {};
  const candidate = (id: unknown) => {
    const c = typeof id === 'string' ? byId.get(id) : undefined;
    return { candidateType: c?.candidateType as string | undefined, address: (c?.address ?? c?.ip) as string | undefined, port: c?.port as number | undefined };
  };
  const rtt = pair.currentRoundTripTime;
  const local = candidate(pair.localCandidateId);
  const remote = candidate(pair.remoteCandidateId);
  const end = (c: typeof local) => `${c.candidateType ?? '?'} ${c.address ?? '?'}:${c.port ?? '?'}`;
  return {
    route: mediaRouteOf(local, remote),
    // "srflx 203.0.113.20:41000 → srflx 203.0.113.10:50003": which candidates carry the picture.
    pair: `${end(local)} → ${end(remote)}`,
    ...(typeof rtt === 'number' ? { rttMs: Math.round(rtt * 1000) } : {}),
  };
}
