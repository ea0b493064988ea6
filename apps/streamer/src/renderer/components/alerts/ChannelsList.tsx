/** The channels with their state in words, a "Send test" each, edit and remove. */
import type { ChannelView } from '@vigil/shared/alerts';
import { toInput, useAlerts } from '../../store/alerts.ts';
import { ConfirmButton } from '../common/ConfirmButton.tsx';
import { useNow } from '../common/useNow.ts';
import { describeState } from './format.ts';

export interface ChannelsListProps {
  onEdit(channel: ChannelView): void;
}

/** The list. */
export function ChannelsList({ onEdit }: ChannelsListProps) {
  const view = useAlerts((s) => s.view);
  const testing = useAlerts((s) => s.testing);
  const test = useAlerts((s) => s.test);
  const save = useAlerts((s) => s.save);
  const now = useNow(1000);
  if (!view) return null;
  if (view.channels.length === 0) return <p className="muted" data-testid="channels-empty">No channel yet: add an e-mail or Telegram channel to get alerts.</p>;

  const remove = async (id: string) => {
    const config = toInput(view);
    config.channels = (config.channels ?? []).filter((c) => c.id !== id);
    config.rules = (config.rules ?? []).map((r) => ({ ...r, channels: r.channels.filter((c) => c !== id) })).filter((r) => r.channels.length > 0);
    await save(config);
  };

  return (
    <ul className="alerts-channels" data-testid="channels">
      {view.channels.map((channel) => {
        const c = channel.config;
        const state = describeState(channel.state, now);
        const target = c.type === 'email' ? `${c.to.join(', ')} via ${c.host}:${c.port}` : `chat ${c.chatId}`;
        return (
          <li key={c.id} className="alerts-channel" data-testid={`channel-${c.id}`} data-status={channel.state.status}>
            <div className="alerts-channel-main">
              <div className="alerts-channel-name">
                <span className="pill">{c.type === 'email' ? 'E-mail' : 'Telegram'}</span> <strong>{c.name}</strong>
              </div>
              <div className="muted small ellipsis">{target}</div>
              <div className={`alerts-state ${state.tone}`} data-testid={`channel-state-${c.id}`}>
                <span className={`dot ${state.tone === 'ok' ? 'ok' : state.tone === 'bad' ? 'bad' : ''}`} aria-hidden="true" />
                <strong>{state.label}</strong>
                {state.detail && <span> — {state.detail}</span>}
              </div>
            </div>
            <div className="alerts-channel-actions">
              <button className="btn small primary" data-testid={`channel-test-${c.id}`} disabled={testing[c.id]} onClick={() => void test(c.id)}>
                {testing[c.id] ? 'Sending…' : 'Send test'}
              </button>
              <button className="btn small" data-testid={`channel-edit-${c.id}`} onClick={() => onEdit(channel)}>
                Edit
              </button>
              <ConfirmButton label="Remove" question="Remove this channel?" confirmLabel="Remove" testId={`channel-remove-${c.id}`} onConfirm={() => remove(c.id)} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
