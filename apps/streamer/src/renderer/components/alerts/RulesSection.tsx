/** Rules: which cameras (and zones) alert which channels, what the detector must see, the cooldown, and quiet hours. */
import { useState } from 'react';
import type { AlertRule } from '@vigil/shared/alerts';
import { ApiRequestError } from '../../api/client.ts';
import { toInput, useAlerts } from '../../store/alerts.ts';
import { useCameras } from '../../store/cameras.ts';
import { ConfirmButton } from '../common/ConfirmButton.tsx';
import { describeWindow } from './format.ts';
import { newId } from './channelForm.ts';
import { checkWindows, WindowsEditor } from './WindowsEditor.tsx';
import { checkRuleLabels, describeRule } from '../../logic/alertRule.ts';
import { RuleLabelsFields } from './RuleLabelsFields.tsx';

type Draft = Omit<AlertRule, 'cooldownSec'> & { cooldown: string };

/** The section. */
export function RulesSection() {
  const view = useAlerts((s) => s.view);
  const save = useAlerts((s) => s.save);
  const cameras = useCameras((s) => s.cameras);
  const [draft, setDraft] = useState<Draft>();
  const [isNew, setIsNew] = useState(false);
  const [error, setError] = useState<string>();
  if (!view) return null;
  const channels = view.config.channels;
  const cameraName = (id: string) => cameras.find((c) => c.config.id === id)?.config.name ?? id;
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const configs = cameras.map((c) => c.config);
  const zoneName = (id: string) => zonesOf([]).find((z) => z.id === id)?.name ?? id;
  const zonesOf = (ids: string[]) =>
    cameras.filter((c) => ids.length === 0 || ids.includes(c.config.id)).flatMap((c) => (c.config.motion?.zones ?? []).map((z) => ({ ...z, camera: c.config.name })));

  const edit = (rule: AlertRule, fresh: boolean) => {
    setDraft({ ...rule, cooldown: String(rule.cooldownSec) });
    setIsNew(fresh);
    setError(undefined);
  };
  const write = async (rules: AlertRule[]) => {
    await save({ ...toInput(view), rules });
  };
  const submit = async () => {
    if (!draft) return;
    const cooldown = Number(draft.cooldown);
    const problem =
      draft.channels.length === 0
        ? 'Pick at least one channel.'
        : !/^\d+$/.test(draft.cooldown.trim()) || cooldown > 86_400
          ? 'Cooldown is a whole number of seconds, 0 to 86400.'
          : (checkRuleLabels(draft, configs).error ?? checkWindows(draft.quietHours));
    setError(problem);
    if (problem) return;
    const { cooldown: _c, ...rest } = draft;
    const { labels, unconfirmed, ...others } = rest;
    // No labels: the rule alerts on any motion, and stores neither field.
    const rule: AlertRule = { ...others, ...(labels?.length ? { labels, unconfirmed: unconfirmed ?? 'alert' } : {}), name: rest.name?.trim() || undefined, cooldownSec: cooldown };
    try {
      await write(isNew ? [...view.config.rules, rule] : view.config.rules.map((r) => (r.id === rule.id ? rule : r)));
      setDraft(undefined);
    } catch (e) {
      setError(e instanceof ApiRequestError ? [e.message, ...(e.issues ?? [])].join(' · ') : String(e));
    }
  };
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <section className="card pad stack" data-testid="rules">
      <div className="alerts-head">
        <h2>Rules</h2>
        <span className="spacer" />
        <button
          className="btn small"
          data-testid="rule-add"
          disabled={channels.length === 0 || !!draft}
          onClick={() => edit({ id: newId('rule', view.config.rules.map((r) => r.id)), enabled: true, cameras: [], zones: [], channels: channels.map((c) => c.id), cooldownSec: 60, quietHours: [] }, true)}
        >
          Add rule
        </button>
      </div>
      {view.config.rules.length === 0 && !draft && <p className="muted">{channels.length ? 'No rule: no alert goes out. Add one.' : 'Add a channel first.'}</p>}
      <ul className="alerts-rules">
        {view.config.rules.map((r) => (
          <li key={r.id} className="alerts-rule" data-testid={`rule-${r.id}`}>
            <div>
              <strong>{r.name ?? r.id}</strong> {!r.enabled && <span className="pill">off</span>}
              <div className="small" data-testid={`rule-summary-${r.id}`}>
                {describeRule(r, { camera: cameraName, zone: zoneName, channel: channelName })}
              </div>
              <div className="muted small">
                Cooldown {r.cooldownSec} s{r.quietHours.length ? ` · quiet ${r.quietHours.map(describeWindow).join('; ')}` : ''}
                {r.labels?.length ? ` · no detector answer: ${r.unconfirmed === 'skip' ? 'skip' : 'alert anyway'}` : ''}
              </div>
            </div>
            <div className="alerts-channel-actions">
              <button className="btn small" data-testid={`rule-edit-${r.id}`} disabled={!!draft} onClick={() => edit(r, false)}>
                Edit
              </button>
              <ConfirmButton label="Remove" question="Remove this rule?" confirmLabel="Remove" testId={`rule-remove-${r.id}`} onConfirm={() => write(view.config.rules.filter((x) => x.id !== r.id))} />
            </div>
          </li>
        ))}
      </ul>
      {draft && (
        <div className="stack alerts-rule-form" data-testid="rule-form">
          <div className="field-row">
            <label className="field">
              <span className="field-label">Name</span>
              <input className="input" data-testid="rule-name" value={draft.name ?? ''} maxLength={80} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </label>
            <label className="field">
              <span className="field-label">Cooldown (seconds)</span>
              <input className="input" data-testid="rule-cooldown" inputMode="numeric" value={draft.cooldown} onChange={(e) => setDraft({ ...draft, cooldown: e.target.value })} />
              <span className="field-hint">After an alert, more motion from the same camera stays silent this long.</span>
            </label>
            <label className="switch alerts-enabled">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
              Enabled
            </label>
          </div>
          <fieldset className="alerts-checks">
            <legend className="field-label">Send to</legend>
            {channels.map((c) => (
              <label key={c.id} className="switch">
                <input type="checkbox" checked={draft.channels.includes(c.id)} onChange={(e) => setDraft({ ...draft, channels: toggle(draft.channels, c.id, e.target.checked) })} />
                {c.name}
              </label>
            ))}
          </fieldset>
          <fieldset className="alerts-checks">
            <legend className="field-label">Cameras (none ticked: every camera)</legend>
            {cameras.length === 0 && <span className="muted small">No camera yet.</span>}
            {cameras.map((c) => (
              <label key={c.config.id} className="switch">
                <input type="checkbox" checked={draft.cameras.includes(c.config.id)} onChange={(e) => setDraft({ ...draft, cameras: toggle(draft.cameras, c.config.id, e.target.checked) })} />
                {c.config.name}
              </label>
            ))}
          </fieldset>
          {zonesOf(draft.cameras).length > 0 && (
            <fieldset className="alerts-checks">
              <legend className="field-label">Zones (none ticked: any motion)</legend>
              {zonesOf(draft.cameras).map((z) => (
                <label key={`${z.camera}-${z.id}`} className="switch">
                  <input type="checkbox" checked={draft.zones.includes(z.id)} onChange={(e) => setDraft({ ...draft, zones: toggle(draft.zones, z.id, e.target.checked) })} />
                  {z.name} <span className="muted small">({z.camera})</span>
                </label>
              ))}
            </fieldset>
          )}
          <RuleLabelsFields
            labels={draft.labels ?? []}
            unconfirmed={draft.unconfirmed ?? 'alert'}
            warning={checkRuleLabels(draft, configs).warning}
            change={(patch) => {
              setDraft({ ...draft, ...patch });
              setError(undefined);
            }}
          />
          <div className="field">
            <span className="field-label">Quiet hours</span>
            <WindowsEditor testId="quiet-hours" addLabel="Add quiet hours" windows={draft.quietHours} onChange={(quietHours) => setDraft({ ...draft, quietHours })} />
          </div>
          {error && (
            <div className="field-error" role="alert" data-testid="rule-error">
              {error}
            </div>
          )}
          <div className="alerts-actions">
            <button className="btn primary small" data-testid="rule-save" onClick={() => void submit()}>
              Save rule
            </button>
            <button className="btn small" onClick={() => setDraft(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
