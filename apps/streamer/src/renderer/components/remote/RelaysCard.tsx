/** Each relay the streamer registers with, and whether it is registered now. */
import { hostOf, type RemoteStatus } from '@vigil/shared/remote';
import { PartState } from './PartState.tsx';

/** The relays card. */
export function RelaysCard({ relays }: { relays: RemoteStatus['relays'] }) {
  return (
    <section className="card remote-part" data-testid="remote-relays">
      <h2>Relays</h2>
      {relays.length === 0 ? (
        <p className="small muted">No relay. A relay carries viewers in when your router cannot be opened (UPnP off, CGNAT). Add one in the settings below.</p>
      ) : (
        <ul className="part-list">
          {relays.map((relay) => (
            <li key={relay.url} data-testid="remote-relay">
              <div className="part-head">
                <span className="mono ellipsis" title={relay.url}>
                  {hostOf(relay.url)}
                </span>
                <PartState state={relay.state} testId="remote-relay-state" />
              </div>
              {relay.detail && <p className="small muted">{relay.detail}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
