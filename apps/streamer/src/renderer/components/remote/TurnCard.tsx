/** TURN: whether viewers on strict networks get a relay for their media. */
import type { RemoteStatus } from '@vigil/shared/remote';
import { PartState } from './PartState.tsx';

/** The TURN card. */
export function TurnCard({ turn }: { turn: RemoteStatus['turn'] }) {
  return (
    <section className="card remote-part" data-testid="remote-turn">
      <div className="part-head">
        <h2>TURN</h2>
        <PartState state={turn.state} testId="remote-turn-state" />
      </div>
      <p className="small muted">{turn.detail}</p>
      {turn.servers.length > 0 && (
        <ul className="part-list plain">
          {turn.servers.map((url) => (
            <li key={url} className="mono ellipsis" title={url}>
              {url}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
