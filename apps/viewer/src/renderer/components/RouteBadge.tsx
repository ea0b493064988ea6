/** How a live tile's picture travels (LAN, Internet, Relayed) and its round-trip time. */
import type { MediaRoute } from '@vigil/shared/remote';

const LABEL: Record<MediaRoute, string> = { lan: 'LAN', direct: 'Internet', relayed: 'Relayed' };

const EXPLAIN: Record<MediaRoute, string> = {
  lan: 'LAN: straight from the streamer over your home network',
  direct: 'Internet: straight from the streamer across the internet, end-to-end encrypted',
  relayed: 'Relayed: through your TURN server; the relay cannot see the picture (end-to-end encrypted)',
};

/** The route badge of a live tile ("Relayed · 84 ms"). */
export function RouteBadge({ route, rttMs }: { route: MediaRoute; rttMs?: number }) {
  const rtt = rttMs === undefined ? '' : ` · ${rttMs} ms`;
  return (
    <span
      className={`route-badge route-${route}`}
      data-testid="tile-route"
      data-route={route}
      data-rtt-ms={rttMs ?? ''}
      title={`${EXPLAIN[route]}${rttMs === undefined ? '' : `. Round trip: ${rttMs} ms`}`}
    >
      {LABEL[route]}
      {rtt}
    </span>
  );
}
