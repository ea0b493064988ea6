/** Arm, disarm or follow the schedule; the armed windows and time zone of the schedule. */
import { useState } from 'react';
import type { ArmMode, WeeklyWindow } from '@vigil/shared/alerts';
import { ApiRequestError } from '../../api/client.ts';
import { toInput, useAlerts } from '../../store/alerts.ts';
import { describeWindow } from './format.ts';
import { checkWindows, WindowsEditor } from './WindowsEditor.tsx';

const MODES: { mode: ArmMode; label: string; text: string }[] = [
  { mode: 'armed', label: 'Armed', text: 'Alerts go out for every rule.' },
  { mode: 'disarmed', label: 'Disarmed', text: 'No alerts; motion is still recorded.' },
  { mode: 'schedule', label: 'Follow schedule', text: 'Armed only inside the windows below.' },
];

/** The section. */
export function ModeSection() {
  const view = useAlerts((s) => s.view);
  const setMode = useAlerts((s) => s.setMode);
  const save = useAlerts((s) => s.save);
  const [editing, setEditing] = useState<{ windows: WeeklyWindow[]; timeZone: string }>();
  const [error, setError] = useState<string>();
  if (!view) return null;
  const mode = view.config.mode;

  const submit = async () => {
    if (!editing) return;
    const problem = checkWindows(editing.windows) ?? (editing.timeZone.trim() ? undefined : 'A time zone is needed, e.g. Europe/Paris.');
    setError(problem);
    if (problem) return;
    try {
      await save({ ...toInput(view), armedWindows: editing.windows, timeZone: editing.timeZone.trim() });
      setEditing(undefined);
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : String(e));
    }
  };

  return (
    <section className="card pad stack" data-testid="alerts-mode" data-mode={mode}>
      <h2>Arming</h2>
      <div className="segmented" role="radiogroup" aria-label="Arming">
        {MODES.map((m) => (
          <label key={m.mode} className={`segment${mode === m.mode ? ' active' : ''}`}>
            <input type="radio" name="alerts-mode" data-testid={`mode-${m.mode}`} checked={mode === m.mode} onChange={() => void setMode(m.mode)} />
            {m.label}
          </label>
        ))}
      </div>
      <p className="muted">{MODES.find((m) => m.mode === mode)?.text}</p>
      {!editing ? (
        <div className="alerts-schedule">
          <span>
            Schedule ({view.config.timeZone}):{' '}
            {view.config.armedWindows.length ? view.config.armedWindows.map(describeWindow).join('; ') : <span className="muted">no armed window yet</span>}
          </span>
          <button className="btn small" data-testid="schedule-edit" onClick={() => setEditing({ windows: view.config.armedWindows, timeZone: view.config.timeZone })}>
            Edit schedule
          </button>
        </div>
      ) : (
        <div className="stack">
          <label className="field">
            <span className="field-label">Time zone</span>
            <input className="input alerts-zone" data-testid="schedule-timezone" value={editing.timeZone} onChange={(e) => setEditing({ ...editing, timeZone: e.target.value })} />
          </label>
          <WindowsEditor testId="armed-windows" addLabel="Add armed window" windows={editing.windows} onChange={(windows) => setEditing({ ...editing, windows })} />
          {error && (
            <div className="field-error" role="alert" data-testid="schedule-error">
              {error}
            </div>
          )}
          <div className="alerts-actions">
            <button className="btn primary small" data-testid="schedule-save" onClick={() => void submit()}>
              Save schedule
            </button>
            <button className="btn small" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
