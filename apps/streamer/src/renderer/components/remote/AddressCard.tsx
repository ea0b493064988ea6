/** The home's internet address (from STUN), the router's own, CGNAT, and the port mapping with its ports. */
import type { RemoteStatus } from '@vigil/shared/remote';
import { formatClock } from '../../logic/recordings.ts';
import { PartState } from './PartState.tsx';

/** The address and port-mapping card. */
export function AddressCard({ status }: { status: RemoteStatus }) {
  const { portMapping } = status;
  return (
    <section className="card remote-part" data-testid="remote-address">
      <h2>Internet address</h2>
      <dl className="remote-facts">
        <dt>Public address</dt>
        <dd className="mono" data-testid="remote-public-address">
          {status.publicAddress ?? <span className="muted">not known yet</span>}
        </dd>
        {status.routerAddress && (
          <>
            <dt>Router's address</dt>
            <dd className="mono">{status.routerAddress}</dd>
          </>
        )}
      </dl>
      {status.cgnat && (
        <p className="part-warning" data-testid="remote-cgnat">
          Shared with other homes (CGNAT): the router's address is not the one the internet sees, so opening ports on it does not help.
        </p>
      )}
      <div className="part-head">
        <h3>Port mapping</h3>
        <PartState state={portMapping.state} testId="remote-mapping-state" />
      </div>
      <p className="small muted" data-testid="remote-mapping-detail">
        {portMapping.detail}
      </p>
      {portMapping.mappings.length > 0 && (
        <table className="table compact" data-testid="remote-mappings">
          <thead>
            <tr>
              <th>Protocol</th>
              <th>Router → streamer</th>
              <th>Lease ends</th>
            </tr>
          </thead>
          <tbody>
            {portMapping.mappings.map((m) => (
              <tr key={`${m.protocol}:${m.external}`}>
                <td>{m.protocol}</td>
                <td className="mono">
                  {m.external} → {m.internal}
                </td>
                <td className="muted">{m.expiresAt ? formatClock(m.expiresAt) : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
