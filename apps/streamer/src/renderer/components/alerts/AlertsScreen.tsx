/** The Alerts screen: arming, channels (with a test send), rules with quiet hours, health alerts, and the outbox. */
import { useEffect, useState } from 'react';
import type { ChannelView } from '@vigil/shared/alerts';
import { useAlerts } from '../../store/alerts.ts';
import { useCameras } from '../../store/cameras.ts';
import { ChannelForm } from './ChannelForm.tsx';
import { ChannelsList } from './ChannelsList.tsx';
import { HealthSection } from './HealthSection.tsx';
import { ModeSection } from './ModeSection.tsx';
import { OutboxList } from './OutboxList.tsx';
import { RulesSection } from './RulesSection.tsx';
import './alerts.css';

/** The screen. Channel states and the outbox are refreshed every 3 s while it is open. */
export function AlertsScreen() {
  const view = useAlerts((s) => s.view);
  const error = useAlerts((s) => s.error);
  const load = useAlerts((s) => s.load);
  const [form, setForm] = useState<{ editing?: ChannelView }>();

  useEffect(() => {
    void load();
    void useCameras.getState().refresh();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="page alerts-page" data-testid="alerts-screen">
      <div className="page-head">
        <h1>Alerts</h1>
      </div>
      {error && (
        <div className="notice error" role="alert" data-testid="alerts-error">
          {error}
        </div>
      )}
      {!view ? (
        !error && <div className="loading">Loading…</div>
      ) : (
        <div className="stack">
          <ModeSection />
          <section className="card pad stack">
            <div className="alerts-head">
              <h2>Channels</h2>
              <span className="spacer" />
              {!form && (
                <button className="btn small primary" data-testid="channel-add" onClick={() => setForm({})}>
                  Add channel
                </button>
              )}
            </div>
            <ChannelsList onEdit={(editing) => setForm({ editing })} />
            {form && <ChannelForm key={form.editing?.config.id ?? 'new'} editing={form.editing} onDone={() => setForm(undefined)} />}
          </section>
          <RulesSection />
          <HealthSection />
          <OutboxList />
        </div>
      )}
    </div>
  );
}
