/** The outbox: alerts waiting, sent, failing (last error, next retry) or dropped; "Retry now". */
import { WAITING_CHANNEL as WAITING } from '@vigil/shared/alerts';
import { useAlerts } from '../../store/alerts.ts';
import { useNow } from '../common/useNow.ts';
import { inTime, when } from './format.ts';

const LABEL = { pending: 'Waiting', sent: 'Sent', failing: 'Failing', dropped: 'Given up' } as const;

/** The list. */
export function OutboxList() {
  const outbox = useAlerts((s) => s.outbox);
  const view = useAlerts((s) => s.view);
  const retry = useAlerts((s) => s.retry);
  const now = useNow(1000);
  const name = (id: string) => (id === WAITING ? 'no channel yet' : (view?.channels.find((c) => c.config.id === id)?.config.name ?? id));
  const failing = outbox.filter((d) => d.status === 'failing').length;
  const waiting = outbox.filter((d) => d.channel === WAITING && d.status === 'pending').length;
  return (
    <section className="card pad stack" data-testid="outbox">
      <div className="alerts-head">
        <h2>Outbox</h2>
        <span className="muted small">
          {outbox.filter((d) => d.status === 'pending').length} waiting · {failing} failing · {outbox.filter((d) => d.status === 'sent').length} sent
        </span>
        <span className="spacer" />
        <button className="btn small" data-testid="outbox-retry" disabled={failing === 0} onClick={() => void retry()}>
          Retry now
        </button>
      </div>
      {waiting > 0 && (
        <div className="notice" data-testid="outbox-waiting">
          {waiting} alert{waiting === 1 ? '' : 's'} waiting: add a channel to receive them.
        </div>
      )}
      {outbox.length === 0 ? (
        <p className="muted" data-testid="outbox-empty">
          No alert sent yet.
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Alert</th>
              <th>Channel</th>
              <th>State</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {outbox.slice(0, 50).map((d) => (
              <tr key={d.id} data-testid="outbox-row" data-status={d.status}>
                <td>{when(d.at, now)}</td>
                <td>{d.title ?? d.camera}</td>
                <td>{name(d.channel)}</td>
                <td>
                  <span className={`alerts-status ${d.status}`}>{LABEL[d.status]}</span>
                </td>
                <td className="small">
                  {d.status === 'sent' && d.sentAt && `sent ${when(d.sentAt, now)}`}
                  {d.status === 'failing' && (
                    <>
                      {d.lastError ?? 'failed'} · attempt {d.attempts}
                      {d.nextAttemptAt ? ` · next try ${inTime(d.nextAttemptAt, now)}` : ''}
                    </>
                  )}
                  {d.status === 'pending' && (d.channel === WAITING ? 'kept until a channel is added' : 'sending…')}
                  {d.status === 'dropped' && (d.dropReason ?? d.lastError ?? '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
