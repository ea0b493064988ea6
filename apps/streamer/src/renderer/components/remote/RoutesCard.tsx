/** The routes a viewer gets (in the pairing code and when it asks): where each one works. */
import { hostOf, routeReach, type RemoteStatus } from '@vigil/shared/remote';
import { plural } from '../../logic/format.ts';

const KIND = { relay: 'Relay', home: 'Home network', away: 'Internet, direct' } as const;

/** The routes card. */
export function RoutesCard({ routes }: { routes: RemoteStatus['routes'] }) {
  return (
    <section className="card" data-testid="remote-routes">
      <h2>What a viewer gets</h2>
      {routes.length === 0 ? (
        <p className="muted">No route yet: the streamer's own address is not known.</p>
      ) : (
        <>
          <p className="small muted">
            New pairing codes and paired viewers carry {routes.length === 1 ? 'this one route' : `these ${plural(routes.length, 'route')}`}; a viewer tries them all at once and keeps the one that answers.
          </p>
          <table className="table" data-testid="remote-route-table">
            <thead>
              <tr>
                <th>Route</th>
                <th>Address</th>
                <th>Works</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((route) => {
                const reach = routeReach(route);
                return (
                  <tr key={route.url} data-testid="remote-route">
                    <td>{KIND[route.via === 'relay' ? 'relay' : reach]}</td>
                    <td className="mono">{hostOf(route.url)}</td>
                    <td>{reach === 'home' ? <span className="muted">At home</span> : 'Anywhere'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
