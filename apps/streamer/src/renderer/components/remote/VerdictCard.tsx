/** The top of the Remote access screen: the one-line verdict, what to do about it, and "Test from outside". */
import { adviceOf, directReachable, verdictOf, VERDICT_TEXT, type RemoteStatus, type RemoteVerdict } from '@vigil/shared/remote';
import { plural } from '../../logic/format.ts';
import { OutsideTest } from './OutsideTest.tsx';

/** The sentence under the verdict: how viewers away from home get in, or why they cannot. */
function explain(verdict: RemoteVerdict, status: RemoteStatus): string {
  const relays = status.relays.filter((r) => r.state === 'ok').length;
  switch (verdict) {
    case 'anywhere':
      return `Directly through your router${status.publicAddress ? ` at ${status.publicAddress}` : ''}${relays ? `, and through ${plural(relays, 'relay')} when a viewer's network blocks that` : ''}.`;
    case 'relay':
      return `Viewers away from home connect through ${relays === 1 ? 'the relay' : `${relays} relays`}; your router does not let them in directly. At home they connect directly.`;
    case 'home':
      return 'Viewers away from home cannot connect. At home, on the same network, they can.';
    case 'checking':
      return 'Asking your router and the relays; this takes a few seconds.';
  }
}

/** The verdict card. */
export function VerdictCard({ status }: { status: RemoteStatus }) {
  const verdict = verdictOf(status);
  const advice = adviceOf(status);
  return (
    <section className={`card remote-verdict verdict-${verdict}`} data-testid="remote-verdict" data-verdict={verdict} data-direct={directReachable(status)}>
      <div className="verdict-head">
        <span className="verdict-mark" aria-hidden="true" />
        <div className="verdict-words">
          <h2 data-testid="remote-verdict-text">{VERDICT_TEXT[verdict]}</h2>
          <p className="muted">{explain(verdict, status)}</p>
        </div>
      </div>
      {advice.length > 0 && (
        <ul className="remote-advice" data-testid="remote-advice" aria-label="What to do">
          {advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <OutsideTest lastTest={status.lastTest} />
    </section>
  );
}
